"""A process whose Redis refuses SUBSCRIBE (some managed offerings) keeps asking Redis for every
hit, and tries the subscription again less and less often, logging it once a minute at most
(home.near.Watch.run); no Redis is needed to see it."""

import logging
import threading
import types

import redis

from home import near


class RefusingPubSub:
    def subscribe(self, channel):
        raise redis.exceptions.ResponseError("unknown command 'SUBSCRIBE'")

    def close(self):
        pass


class Refusing:
    def pubsub(self):
        return RefusingPubSub()


def test_a_refused_subscription_is_tried_again_ever_less_often_and_logged_once_a_minute(
    monkeypatch, caplog
):
    waits = []

    class Recorded(threading.Event):
        """The watch's stop event, which records each retry's delay instead of sleeping."""

        def wait(self, timeout=None):
            waits.append(timeout)
            if len(waits) == 9:
                self.set()
            return self.is_set()

    monkeypatch.setattr(
        near,
        "threading",
        types.SimpleNamespace(Event=Recorded, Thread=threading.Thread, Lock=threading.Lock),
    )
    with caplog.at_level(logging.WARNING, logger="home.near"):
        watch = near.Watch(Refusing(), int, "version", "version:moved", 1000)
        watch.thread.join(5)

    assert not watch.thread.is_alive()
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert [record.getMessage() for record in caplog.records] == [
        "content version watch cannot subscribe; subscribing again in 1 s",
        "content version watch cannot subscribe; subscribing again in 60 s",
        "content version watch cannot subscribe; subscribing again in 60 s",
        "content version watch cannot subscribe; subscribing again in 60 s",
    ]
    assert "unknown command 'SUBSCRIBE'" in caplog.records[0].exc_text
    assert watch.current() is None  # nothing trusted: every hit asks Redis
