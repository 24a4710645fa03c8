"""axe-core (bundled by axe-selenium-python) in headless Chromium over the sample site served over HTTP.

Pages: the locale home, an article, a fallback page (an article shown in a locale without its translation) and the
search page with a query, in en-us (left to right) and ar-sa (right to left); also the root language chooser, a
topic page and a 404 page. Every page is checked in the light and the dark colour scheme (kb.css has a
prefers-color-scheme: dark palette). Any violation, whatever its impact, fails. A canary page with known violations
proves that axe runs and that its results are read.
"""

import json
import unittest
from urllib.parse import quote

import qa_support
from qa_support import note, require

# (name, path below the site root, what the page must show before axe runs)
PAGES = [
    ("en-us locale home", "en-us/index.html", {"dir": "ltr"}),
    ("en-us article", "en-us/sign-in/reset-your-password/index.html", {"dir": "ltr"}),
    # en-us is the default locale and has every article, so the left-to-right fallback page is a German one.
    ("de-de fallback", "de-de/sync-client/release-notes/index.html", {"dir": "ltr", "fallback": True}),
    ("en-us search", "en-us/search/index.html?q=password", {"dir": "ltr", "results": True}),
    ("ar-sa locale home", "ar-sa/index.html", {"dir": "rtl"}),
    ("ar-sa article", "ar-sa/sign-in/reset-your-password/index.html", {"dir": "rtl"}),
    ("ar-sa fallback", "ar-sa/sync-client/release-notes/index.html", {"dir": "rtl", "fallback": True}),
    ("ar-sa search", "ar-sa/search/index.html?q=" + quote("كلمة المرور"), {"dir": "rtl", "results": True}),
    ("root language chooser", "index.html", {}),
    ("en-us topic page", None, {"dir": "ltr", "topic": True}),
    ("ar-sa 404", "ar-sa/404.html", {"dir": "rtl"}),
    ("translation dashboard", "_kb/status/index.html", {}),
]

CANARY = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>axe canary</title></head>
<body><main><img src="missing.png"><p style="color:#bbb;background:#fff">low contrast</p>
<input type="text"></main></body></html>
"""
CANARY_RULES = {"image-alt", "color-contrast", "label", "html-has-lang"}


def _report(violations):
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation.get('impact')}): {violation['help']}  {violation['helpUrl']}")
        for node in violation["nodes"][:6]:
            summary = " | ".join(line.strip() for line in (node.get("failureSummary") or "").splitlines()[1:])
            lines.append(f"      {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            if summary:
                lines.append(f"        {summary[:300]}")
        if len(violation["nodes"]) > 6:
            lines.append(f"      … {len(violation['nodes']) - 6} more elements")
    return "\n".join(lines)


class AccessibilityTest(unittest.TestCase):
    """axe finds no violation on the sample site's main kinds of page, LTR and RTL, light and dark."""

    @classmethod
    def setUpClass(cls):
        try:
            from axe_selenium_python import Axe
        except ImportError:
            require(False, "Python package axe-selenium-python is missing: pip install axe-selenium-python "
                           "(make test installs it into .build/qa-venv)")
        cls.Axe = Axe
        cls.site = qa_support.built_site()
        # The site at the server root: 404 pages link their assets from the site root (/assets/kb.css).
        cls.server = qa_support.StaticServer(cls.site)
        cls.addClassCleanup(cls.server.close)
        cls.base = cls.server.base_url
        canary_dir = qa_support.make_temp_dir("kb-qa-axe-canary-")
        (canary_dir / "index.html").write_text(CANARY, encoding="utf-8")
        cls.canary_server = qa_support.StaticServer(canary_dir)
        cls.addClassCleanup(cls.canary_server.close)
        cls.driver = qa_support.chrome()
        cls.addClassCleanup(cls.driver.quit)
        cls.pages = [(name, path or cls._find(options), options) for name, path, options in PAGES]

    @classmethod
    def _find(cls, options):
        """A topic listing of en-us (not a topic redirect), found in the built site rather than hard-coded."""
        candidates = [p for p in sorted((cls.site / "en-us").glob("topic/*/index.html"))
                      if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
        return str(candidates[0].relative_to(cls.site)) if candidates else None

    def _load(self, path, options):
        from selenium.webdriver.support.ui import WebDriverWait

        self.driver.get(self.base + path)
        WebDriverWait(self.driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
        if options.get("dir"):
            self.assertEqual(self.driver.execute_script("return document.documentElement.dir"), options["dir"])
        if options.get("fallback"):
            self.assertTrue(self.driver.execute_script("return !!document.querySelector('.kb-fallback')"),
                            f"{path} is not a fallback page (no .kb-fallback note)")
        if options.get("results"):
            # The results are what the page is for: wait for them (a guard, not a timing assertion).
            WebDriverWait(self.driver, 20).until(
                lambda d: d.execute_script("return document.querySelectorAll('#search-results li').length") > 0,
                f"{path}: no search results appeared")

    def _axe(self):
        axe = self.Axe(self.driver)
        axe.inject()
        return axe.run()

    def _set_scheme(self, scheme):
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                    {"features": [{"name": "prefers-color-scheme", "value": scheme}]})

    def test_axe_reports_the_canary_violations(self):
        """A page with known problems must come back with them: axe runs and its results are read."""
        self._set_scheme("light")
        self.driver.get(self.canary_server.base_url + "index.html")
        found = {violation["id"] for violation in self._axe()["violations"]}
        self.assertTrue(CANARY_RULES <= found, f"axe missed {sorted(CANARY_RULES - found)} on the canary page")

    def test_no_violations_light(self):
        self._check_pages("light")

    def test_no_violations_dark(self):
        self._check_pages("dark")

    def _check_pages(self, scheme):
        self._set_scheme(scheme)
        self.driver.get_log("browser")  # start the console log afresh
        version = None
        for name, path, options in self.pages:
            with self.subTest(page=name, scheme=scheme):
                self.assertIsNotNone(path, f"no page found for {name}")
                self._load(path, options)
                self.assertEqual(
                    self.driver.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches"),
                    scheme == "dark", "colour-scheme emulation did not apply")
                results = self._axe()
                version = self.driver.execute_script("return window.axe && axe.version")
                incomplete = [(item["id"], len(item["nodes"])) for item in results["incomplete"]
                              if item["id"] != "frame-tested"]  # cross-origin video iframes cannot be injected
                if incomplete:
                    note(f"  axe needs review ({scheme}) on {name}: {incomplete}")
                violations = results["violations"]
                if violations:
                    self.fail(f"axe violations on {name} ({path}, {scheme}):\n{_report(violations)}")
                errors = qa_support.severe_console_entries(self.driver)
                self.assertEqual(errors, [], f"browser console errors on {name} ({path}): "
                                             + json.dumps(errors, ensure_ascii=False))
        note(f"\naxe-core {version}: {len(self.pages)} pages checked in the {scheme} scheme")


if __name__ == "__main__":
    unittest.main()
