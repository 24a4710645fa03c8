"""Shared helpers of the quality-gate suite: the kb binary, one sample-site build per run, a static HTTP server
and headless Chromium.

A missing tool skips the tests that need it, saying which tool and how to get it. With KB_QA_REQUIRE_TOOLS=1
(set by `make test`, which installs every tool) a missing tool is a failure instead, so the gate cannot pass by
skipping.
"""

import atexit
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KB = Path(os.environ.get("KB_BIN", REPO / ".build" / "debug" / "kb"))
# Overridable so that a check can be tried against a modified copy without touching the working tree.
CONTENT = Path(os.environ.get("KB_QA_CONTENT", REPO / "content"))
TEMPLATES = Path(os.environ.get("KB_QA_TEMPLATES", REPO / "templates"))
STRICT = os.environ.get("KB_QA_REQUIRE_TOOLS") == "1"


def require(condition, reason):
    """Skips the calling test (or test class) with `reason` unless `condition`; fails under KB_QA_REQUIRE_TOOLS=1."""
    if condition:
        return
    if STRICT:
        raise AssertionError(reason + " (KB_QA_REQUIRE_TOOLS=1 turns missing tools into failures)")
    raise unittest.SkipTest(reason)


def require_kb():
    require(KB.is_file() and os.access(KB, os.X_OK),
            f"kb binary not found at {KB}: build it with `swift build --product kb` (or set KB_BIN)")


def make_temp_dir(prefix):
    """A temporary folder removed when the test process exits."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, True)
    return path


_site = None


def built_site():
    """The sample site, built once per test process with the real binary and the repository's templates."""
    global _site
    require_kb()
    if _site is None:
        output = make_temp_dir("kb-qa-site-") / "site"
        result = subprocess.run(
            [str(KB), "build", "--content", str(CONTENT), "--templates", str(TEMPLATES), "--output", str(output),
             "--status-page"],
            cwd=REPO, capture_output=True, text=True, timeout=300)
        _site = (result, output)
    result, output = _site
    if result.returncode != 0:
        raise AssertionError(f"kb build exited with {result.returncode}\nstdout:\n{result.stdout}\n"
                             f"stderr:\n{result.stderr}")
    return output


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class StaticServer:
    """Serves a folder at http://127.0.0.1:<free port>/ from a background thread."""

    def __init__(self, directory):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="qa-static-server", daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)


def _first_executable(*candidates):
    for candidate in candidates:
        if not candidate:
            continue
        found = shutil.which(candidate)
        if found:
            return found
    return None


def chrome(window_size=(1280, 900)):
    """A headless Chromium driven by chromedriver, with the browser console log enabled (goog:loggingPrefs).

    1280 px wide, so the navigation column (shown from 76rem) and the on-this-page column are on screen and checked.
    """
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        require(False, "Python package selenium is missing: pip install selenium (make test installs it into "
                       ".build/qa-venv)")
    browser = _first_executable(os.environ.get("CHROME_BIN"), "chromium", "chromium-browser", "google-chrome")
    require(browser is not None, "Chromium not found: apt-get install chromium (or set CHROME_BIN)")
    driver_path = _first_executable(os.environ.get("CHROMEDRIVER"), "chromedriver", "/usr/lib/chromium/chromedriver")
    require(driver_path is not None, "chromedriver not found: apt-get install chromium-driver (or set CHROMEDRIVER)")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                     f"--window-size={window_size[0]},{window_size[1]}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=driver_path, log_output=subprocess.DEVNULL)
    return webdriver.Chrome(service=service, options=options)


def severe_console_entries(driver):
    """Browser console entries of level SEVERE (errors) logged since the last call."""
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def note(text):
    """Prints a report line (warnings, timings) beside the unittest output."""
    print(text, file=sys.stderr, flush=True)
