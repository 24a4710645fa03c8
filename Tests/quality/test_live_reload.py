"""`kb serve` live reload in a real browser (headless Chromium through selenium).

The server runs on a copy of content/ and templates/. With an article open, the test appends a paragraph to its
Markdown file and waits until the open page shows it, without navigating: the page reloads itself when the server
says so over server-sent events. Then it writes invalid YAML front matter into the same file and waits until the
page shows the problems overlay (`#kb-overlay`, with the file's path:line:col) above the last good version of the
article. The browser console must stay free of errors, and Ctrl-C (SIGINT) must stop the server with exit code 0.

Waits are guards (20 s), never timing assertions.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import time
import unittest
import uuid

import qa_support
from qa_support import note

ARTICLE = "en-us/sign-in/reset-your-password.md"
ARTICLE_URL = "en-us/sign-in/reset-your-password/"
GUARD = 20  # seconds: how long a step may take before the test gives up

# Runs before any script of every document the tab loads: records the page's EventSource objects so the test knows
# when the page is listening for reload events (a change made before that would reach nobody). It only observes.
RECORD_EVENT_SOURCES = """
(function () {
  var Native = window.EventSource;
  if (!Native) return;
  window.__kbEventSources = [];
  function Recorded(url, init) {
    var source = new Native(url, init);
    window.__kbEventSources.push(source);
    return source;
  }
  Recorded.prototype = Native.prototype;
  Recorded.CONNECTING = 0; Recorded.OPEN = 1; Recorded.CLOSED = 2;
  window.EventSource = Recorded;
})();
"""
LISTENING = ("return !!window.__kbEventSources && "
             "window.__kbEventSources.some(function (s) { return s.readyState === 1; })")


def _article_text(driver):
    return driver.execute_script("var a = document.querySelector('article'); return a ? a.textContent : ''")


class LiveReloadTest(unittest.TestCase):
    """An edited article reloads in the open tab; a broken one shows the overlay over its last good version."""

    @classmethod
    def setUpClass(cls):
        qa_support.require_kb()
        work = qa_support.make_temp_dir("kb-qa-serve-")
        cls.content = work / "content"
        shutil.copytree(qa_support.CONTENT, cls.content)
        shutil.copytree(qa_support.TEMPLATES, work / "templates")
        cls.article = cls.content / ARTICLE
        cls.stdout_path, cls.stderr_path = work / "serve.stdout", work / "serve.stderr"
        with open(cls.stdout_path, "wb") as out, open(cls.stderr_path, "wb") as err:
            cls.server = subprocess.Popen(
                [str(qa_support.KB), "serve", "--content", str(cls.content), "--templates", str(work / "templates"),
                 "--port", "0"],
                cwd=work, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        cls.addClassCleanup(cls._stop_server_if_running)
        cls.base = cls._wait_for_address()
        cls.driver = qa_support.chrome()
        cls.addClassCleanup(cls.driver.quit)
        cls.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_EVENT_SOURCES})

    @classmethod
    def _output(cls):
        read = lambda path: path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        return f"stdout:\n{read(cls.stdout_path)}\nstderr:\n{read(cls.stderr_path)}"

    @classmethod
    def _wait_for_address(cls):
        """Polls the server's stdout for `Serving <content>/ at http://127.0.0.1:PORT/ (Ctrl-C to stop)`."""
        pattern = re.compile(r"^Serving (.+) at (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)$", re.M)
        deadline = time.monotonic() + GUARD
        while time.monotonic() < deadline:
            match = pattern.search(cls.stdout_path.read_text(encoding="utf-8", errors="replace"))
            if match:
                return match.group(2)
            if cls.server.poll() is not None:
                raise AssertionError(f"kb serve exited with {cls.server.returncode} before serving\n{cls._output()}")
            time.sleep(0.05)
        raise AssertionError(f"kb serve printed no `Serving … at http://127.0.0.1:PORT/` within {GUARD} s\n"
                             f"{cls._output()}")

    @classmethod
    def _stop_server_if_running(cls):
        if cls.server.poll() is None:
            cls.server.kill()
            cls.server.wait(10)

    def _wait(self, condition, message):
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            return WebDriverWait(self.driver, GUARD, poll_frequency=0.1).until(condition)
        except TimeoutException:
            self.fail(f"{message} (waited {GUARD} s)\npage:\n{self.driver.page_source[-3000:]}\n"
                      f"console: {json.dumps(self.driver.get_log('browser'), ensure_ascii=False)}\n"
                      f"server {self._output()}")

    def test_edit_reloads_the_page_and_a_yaml_error_shows_the_overlay(self):
        driver = self.driver
        driver.get(self.base + ARTICLE_URL)
        self.assertTrue(driver.find_elements("css selector", "script[src*='/_kb/live.js']"),
                        "kb serve pages carry the live-reload script (/_kb/live.js)")
        self.assertFalse(driver.find_elements("id", "kb-overlay"), "the unedited article has no problems overlay")
        self._wait(lambda d: d.execute_script(LISTENING), "the page never opened its /_kb/events connection")

        # 1. An edit reaches the open page by itself.
        marker = f"kb-live-reload-{uuid.uuid4().hex}"
        driver.execute_script("window.__kbBeforeEdit = true")
        with open(self.article, "a", encoding="utf-8") as file:
            file.write(f"\n\nAppended by the live-reload test: {marker}.\n")
        self._wait(lambda d: marker in _article_text(d), "the open page did not show the edit")
        self.assertIsNone(driver.execute_script("return window.__kbBeforeEdit"),
                          "the marker appeared without a page reload")
        self.assertFalse(driver.find_elements("id", "kb-overlay"), "a valid edit shows no problems overlay")

        # 2. Invalid YAML front matter: the overlay names path:line:col, the last good version stays on screen.
        self._wait(lambda d: d.execute_script(LISTENING), "the reloaded page never reopened /_kb/events")
        text = self.article.read_text(encoding="utf-8")
        self.assertTrue(text.startswith("---\n"), f"{ARTICLE} should start with front matter")
        with open(self.article, "w", encoding="utf-8") as file:
            file.write("---\ntitle: [unclosed\n" + text[len("---\n"):])
        location = re.compile(re.escape(ARTICLE) + r":\d+:\d+")

        def overlay_shown(d):
            overlays = d.find_elements("id", "kb-overlay")
            return overlays and overlays[0].is_displayed() and location.search(overlays[0].text)

        self._wait(overlay_shown, f"the page did not show #kb-overlay naming {ARTICLE}:line:col")
        overlay = driver.find_element("id", "kb-overlay").text
        self.assertIn("yaml", overlay.lower(), f"the overlay should say what is wrong: {overlay!r}")
        self.assertIn(marker, _article_text(driver), "the last good version (with the edit) stays on screen")

        # 3. No script errors, no failed requests along the way.
        errors = qa_support.severe_console_entries(driver)
        self.assertEqual(errors, [], "browser console errors: " + json.dumps(errors, ensure_ascii=False))

        # 4. Ctrl-C stops the server cleanly, even with the page's event stream open.
        started = time.monotonic()
        self.server.send_signal(signal.SIGINT)
        try:
            code = self.server.wait(10)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait(10)
            self.fail(f"kb serve did not stop within 10 s of SIGINT (killed)\n{self._output()}")
        note(f"\nkb serve stopped {time.monotonic() - started:.2f} s after SIGINT")
        self.assertEqual(code, 0, f"kb serve exit code after SIGINT\n{self._output()}")

        # 5. A restarted server (same port) is a new process: the open page reconnects and reloads itself.
        driver.execute_script("window.__kbBeforeRestart = true")
        port = self.base.rstrip("/").rsplit(":", 1)[1]
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            type(self).server = subprocess.Popen(
                [str(qa_support.KB), "serve", "--content", str(self.content),
                 "--templates", str(self.content.parent / "templates"), "--port", port],
                cwd=self.content.parent, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        self._wait(lambda d: d.execute_script("return window.__kbBeforeRestart") is None,
                   "the open page did not reload after kb serve restarted")
        # A new process never saw the last good version: the page falls back to a translation and the overlay still
        # names the broken file.
        self._wait(overlay_shown, f"after the restart the page did not show #kb-overlay naming {ARTICLE}:line:col")


if __name__ == "__main__":
    unittest.main()
