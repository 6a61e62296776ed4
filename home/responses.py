"""Headers put back on a response from one kept earlier.

See docs/architecture.md#caching-and-freshness.

A cached page or API answer is sent with the headers its first response had. Setting them one by
one (`response[name] = value`) checks and re-encodes every name and value each time, a
noticeable share of a cache hit with a dozen or more headers. These were checked when that
response was built, by the same code, so they are put back as Django keeps them
(`ResponseHeaders`: the lower-case name to the name as given and its value). What is kept stays
plain (name, value) pairs, as before.
"""


def restore(response, headers):
    """Put `headers` ((name, value) pairs taken from a response) on `response`, replacing any
    header of the same name."""
    response.headers._store.update((name.lower(), (name, value)) for name, value in headers)
