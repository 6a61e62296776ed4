"""The README's screenshots, from the demo schedule: `python docs/screenshots/make.py`.

By default it builds the demo in a throwaway SQLite database, serves it with Django's
development server on a free local port and photographs it; `--url http://127.0.0.1:8000`
photographs a site that already runs instead. It drives the system's Chromium through
Playwright (the same browser as tests/browser; no browser download), as a reader in Halifax,
so each event shows the reader's own time first. Each picture is the first screen of a page,
reduced to a 256-colour palette to stay small.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
READER_ZONE = "America/Halifax"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# (file name, path, viewport, colour scheme)
SHOTS = [
    ("home-en-desktop.png", "/en/", DESKTOP, "light"),
    ("home-fr-phone.png", "/fr/", PHONE, "light"),
    ("event-en-phone-dark.png", "/en/events/all-caucus-call/bee-city/", PHONE, "dark"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - a local http URL
                return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def serve_demo(workdir, then=()):
    """Migrate and seed a fresh SQLite demo, run the manage.py commands `then` (each a list of
    arguments) and serve it; returns (url, server process)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "SITE_URL": url,
    }
    for command in (["migrate", "--no-input", "-v0"], ["seed_demo"], *then):
        done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True
        )
        if done.returncode:
            sys.stderr.write(done.stdout.decode() + done.stderr.decode())
            raise SystemExit(f"manage.py {command[0]} failed")
    server = subprocess.Popen(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_up(url + "/healthz")
    return url, server


def shoot(base):
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for name, path, viewport, scheme in SHOTS:
                context = browser.new_context(
                    viewport=viewport,
                    is_mobile=viewport is PHONE,
                    color_scheme=scheme,
                    timezone_id=READER_ZONE,
                )
                page = context.new_page()
                response = page.goto(base + path)
                if response is None or response.status != 200:
                    raise SystemExit(f"{path}: {response.status if response else 'no answer'}")
                target = OUT / name
                page.screenshot(path=str(target))
                context.close()
                image = Image.open(target).convert("RGB")
                image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
                    target, optimize=True
                )
                sys.stdout.write(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes\n")
        finally:
            browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="photograph this running site instead of a fresh demo")
    args = parser.parse_args()
    if args.url:
        shoot(args.url.rstrip("/"))
        return
    with tempfile.TemporaryDirectory(prefix="screenshots-") as workdir:
        base, server = serve_demo(Path(workdir))
        try:
            shoot(base)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
