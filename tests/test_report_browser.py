"""``tf2lint report`` opened in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``) driven by selenium. The page must work offline: no console error, no request leaving the
file; its numbers are the JSON summary's; its plan respects the fixture project's imports.

``pytest tests/test_report_browser.py --report-project PATH --report-screenshot FILE`` runs the same checks on
the report of a real project and writes its screenshot to FILE (how docs/report.png is made).
"""
from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from conftest import FIXTURES

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
pytest.importorskip("jinja2", reason="Jinja2 is not installed (pip install -e '.[report]')")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

PROJECT = FIXTURES / "project"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
#: How long opening the report of a large project may take (seconds).
OPEN_LIMIT = 2.0


def _chromium() -> tuple[str, str]:
    binary = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    driver = shutil.which("chromedriver")
    if binary is None or driver is None:
        pytest.skip("no Chromium: install Debian's chromium and chromium-driver "
                    "(apt-get install chromium chromium-driver) to open the report in a real browser")
    return binary, driver


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    binary, driver = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1800", "--hide-scrollbars"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    chrome = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver))
    chrome.set_page_load_timeout(60)
    try:
        yield chrome
    finally:
        chrome.quit()


def tf2lint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tf2lint", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def open_report(browser: webdriver.Chrome, page: Path) -> float:
    """Load ``page``; the seconds from the navigation to the end of its load event. The logs of earlier pages
    are dropped first."""
    browser.get("about:blank")
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(page.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    return float(browser.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd")) / 1000


def check_offline(browser: webdriver.Chrome, page: Path) -> None:
    """No console message of level warning or worse (a blocked request, a script error) and no request but
    the page itself."""
    messages = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert messages == []
    requested = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert requested == [page.as_uri()]
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    policy = browser.find_element(By.CSS_SELECTOR, 'meta[http-equiv="Content-Security-Policy"]')
    assert policy.get_attribute("content").startswith("default-src 'none';")


def metrics(browser: webdriver.Chrome) -> dict[str, str]:
    return {element.get_attribute("data-metric"): element.text
            for element in browser.find_elements(By.CSS_SELECTOR, "[data-metric]")}


def check_headline(browser: webdriver.Chrome, summary: dict[str, Any]) -> None:
    shown = metrics(browser)
    for name in ("files.checked", "files.clean", "totals.findings", "totals.error", "totals.warning",
                 "totals.info", "context.tf1_files"):
        section, key = name.split(".")
        assert shown[name] == str(summary[section][key]), name
    share = summary["files"]["ready_share"]
    assert shown["files.ready_percent"] == f"{100 * share:.0f}%"


def check_charts(browser: webdriver.Chrome) -> None:
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart, svg.bar")
    assert charts
    for chart in charts:
        size = chart.size
        assert size["width"] > 0 and size["height"] > 0
        assert chart.find_elements(By.TAG_NAME, "text"), "every chart has text labels"
    drawn = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart rect')).filter("
        "r => r.getBoundingClientRect().width > 0 && r.getBoundingClientRect().height > 0).length")
    assert drawn > 0


def plan_modules(browser: webdriver.Chrome) -> list[list[str]]:
    """The plan's steps as shown, each the modules it lists."""
    rows = browser.find_elements(By.CSS_SELECTOR, "#plan-table tbody tr")
    return [[item.get_attribute("data-module") for item in row.find_elements(By.CSS_SELECTOR, "[data-module]")]
            for row in rows]


def save_screenshot(browser: webdriver.Chrome, file: Path) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(file))
    assert file.stat().st_size > 10_000


# --- the fixture project's imports, read independently of tf2lint ------------------------------------------

def _module_file(root: Path, parts: list[str]) -> Optional[Path]:
    base = root.joinpath(*parts) if parts else root
    for candidate in (base.with_suffix(".py") if parts else None, base / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def fixture_imports(project: Path) -> dict[str, set[str]]:
    """For each module of the fixture project (relative path), the project modules it imports: relative
    imports within ``src/app``, ``app.x`` below ``src`` and scripts' imports of their neighbours."""
    edges: dict[str, set[str]] = {}
    for path in sorted(project.rglob("*.py")):
        found: set[Path] = set()
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            tree = ast.Module(body=[], type_ignores=[])
        package = path.parent.relative_to(project / "src").parts if "src" in path.parts else ()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [(name.name.split("."), []) for name in node.names]
            elif isinstance(node, ast.ImportFrom):
                module = (node.module or "").split(".") if node.module else []
                if node.level:
                    if node.level - 1 >= len(package):
                        continue  # above the top package: Python raises, nothing is imported
                    module = [*package[:len(package) - node.level + 1], *module]
                targets = [(module, [name.name for name in node.names])]
            else:
                continue
            for module, names in targets:
                root = project / "src" if module[:1] == ["app"] else path.parent
                target = _module_file(root, module)
                if target is not None:
                    found.add(target)
                for name in names:
                    submodule = _module_file(root, [*module, name])
                    if submodule is not None:
                        found.add(submodule)
        edges[path.relative_to(project).as_posix()] = {t.relative_to(project).as_posix() for t in found} - {
            path.relative_to(project).as_posix()}
    return edges


def test_fixture_imports_are_read() -> None:  # the reader the plan is checked against reads imports at all
    edges = fixture_imports(PROJECT)
    assert edges["scripts/run.py"] == {"scripts/helpers.py"}
    assert edges["src/app/two_hop.py"] == {"src/app/hop.py"}
    assert edges["src/app/module_user.py"] == {"src/app/session.py", "src/app/tf.py", "src/app/compat/__init__.py",
                                               "src/app/__init__.py",  # the package of `from . import compat`
                                               "src/app/utils.py"}


# --- the report of the fixture project ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("report")
    page = folder / "report.html"
    run = tf2lint("report", ".", "-o", str(page), "--json", str(folder / "report.json"), cwd=PROJECT)
    assert run.returncode == 2, run.stderr  # src/app/broken.py does not parse: reported, the rest goes on
    assert run.stderr.count("broken.py") == 1
    statistics = tf2lint("--statistics", "--format", "json", ".", cwd=PROJECT)
    summary = json.loads(statistics.stdout)
    assert json.loads((folder / "report.json").read_text(encoding="utf-8"))["totals"] == summary["totals"]
    return page, summary


def test_report_opens_offline_with_the_summarys_numbers(browser: webdriver.Chrome,
                                                        fixture_report: tuple[Path, dict[str, Any]],
                                                        tmp_path: Path) -> None:
    page, summary = fixture_report
    open_report(browser, page)
    check_offline(browser, page)
    check_headline(browser, summary)
    check_charts(browser)
    assert browser.title == "tf2lint migration report"
    save_screenshot(browser, tmp_path / "report.png")


def test_plan_lists_every_module_once_after_its_imports(browser: webdriver.Chrome,
                                                        fixture_report: tuple[Path, dict[str, Any]]) -> None:
    page, summary = fixture_report
    open_report(browser, page)
    steps = plan_modules(browser)
    shown = [module for step in steps for module in step]
    edges = fixture_imports(PROJECT)
    assert sorted(shown) == sorted(edges)  # every module once
    position = {module: index for index, step in enumerate(steps) for module in step}
    for module, imported in edges.items():
        for target in imported:
            assert position[target] <= position[module], f"{module} is before {target}, which it imports"
            if position[target] == position[module]:  # only an import cycle shares a step
                assert module in edges[target] or any(module in edges[other] for other in steps[position[module]])
    # a step without findings of its own is blocked when a module it reaches through imports has some, or
    # could not be linted (src/app/broken.py: its own step is "unknown")
    unknown = {entry["path"] for entry in summary["by_file"] if entry["problem"]}
    assert unknown == {"src/app/broken.py"}
    with_findings = {entry["path"] for entry in summary["by_file"] if entry["total"]} | unknown
    rows = browser.find_elements(By.CSS_SELECTOR, "#plan-table tbody tr")
    for step, row in zip(steps, rows):
        reached, todo = set(), [target for module in step for target in edges[module]]
        while todo:
            target = todo.pop()
            if target not in reached:
                reached.add(target)
                todo.extend(edges[target])
        waiting = sorted((reached - set(step)) & with_findings)
        status = ("unknown" if set(step) & unknown else "migrate" if set(step) & with_findings
                  else "blocked" if waiting else "ready")
        assert row.get_attribute("class") == status, step
        if status == "blocked":
            assert row.find_element(By.CSS_SELECTOR, ".waits").text.startswith(", ".join(waiting[:3]))
    assert {"migrate", "blocked", "ready", "unknown"} == {row.get_attribute("class") for row in rows}


def test_sorting_a_column(browser: webdriver.Chrome, fixture_report: tuple[Path, dict[str, Any]]) -> None:
    page, summary = fixture_report
    open_report(browser, page)

    def column(index: int) -> list[str]:
        return [row.find_elements(By.CSS_SELECTOR, "th, td")[index].get_attribute("data-value")
                for row in browser.find_elements(By.CSS_SELECTOR, "#folders tbody tr")]

    headings = browser.find_elements(By.CSS_SELECTOR, "#folders thead th")
    folder_heading, findings_heading = headings[0], headings[1]
    folder_heading.find_element(By.TAG_NAME, "button").click()
    assert folder_heading.get_attribute("aria-sort") == "ascending"
    names = column(0)
    assert names == sorted(folder["folder"] for folder in summary["by_folder"] if folder["total"])
    folder_heading.find_element(By.TAG_NAME, "button").click()
    assert column(0) == names[::-1]
    findings_heading.find_element(By.TAG_NAME, "button").click()
    assert findings_heading.get_attribute("aria-sort") == "descending"
    counts = [int(value) for value in column(1)]
    assert counts == sorted(counts, reverse=True) and len(set(counts)) > 1
    assert browser.get_log("browser") == []


def test_trend_against_an_earlier_run(browser: webdriver.Chrome, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    earlier = tf2lint("--statistics", "--format", "json", "-o", str(tmp_path / "earlier.json"), ".", cwd=project)
    assert earlier.returncode == 2, earlier.stderr
    (project / "src" / "app" / "two_hop.py").write_text("from app.hop import tf\n", encoding="utf-8")  # TF503 fixed
    with open(project / "scripts" / "run.py", "a", encoding="utf-8") as file:
        file.write("tf.disable_eager_execution()\n")  # new
    page = tmp_path / "report.html"
    run = tf2lint("report", ".", "-o", str(page), "--previous", str(tmp_path / "earlier.json"), cwd=project)
    assert run.returncode == 2, run.stderr
    open_report(browser, page)
    check_offline(browser, page)
    shown = metrics(browser)
    assert (shown["trend.fixed"], shown["trend.new"]) == ("1", "1")
    check_charts(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#trend-chart text.label")) >= 4  # counts and labels


# --- a real project: the screenshot in docs/ and the figures at scale -----------------------------------------

def cpu_seconds(*args: str, cwd: Path) -> float:
    """The processor time (user and system) of ``tf2lint ARGS``: steadier than the clock on a busy machine."""
    import resource  # POSIX

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    tf2lint(*args, cwd=cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def test_report_of_a_real_project(browser: webdriver.Chrome, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    project = request.config.getoption("--report-project")
    if not project:
        pytest.skip("needs --report-project PATH (a real project's report, with its screenshot and timings)")
    project = Path(project).resolve()
    page = tmp_path / "report.html"
    plain = cpu_seconds("-j", "1", "-q", project.name, cwd=project.parent)
    written = cpu_seconds("report", "-j", "1", project.name, "-o", str(page), "--json", str(tmp_path / "report.json"),
                          cwd=project.parent)
    summary = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    first = open_report(browser, page)
    seconds = min(first, open_report(browser, page), open_report(browser, page))  # a busy machine varies
    check_offline(browser, page)
    check_headline(browser, summary)
    check_charts(browser)
    assert len([m for step in plan_modules(browser) for m in step]) == len(summary["by_file"])
    size = page.stat().st_size
    print(f"\n{project.name}: {summary['files']['checked']} files, {summary['totals']['findings']} findings; "
          f"processor time: plain run {plain:.2f} s, report {written:.2f} s ({written / plain:.2f}x); "
          f"{size / 1e6:.2f} MB; opened in {seconds:.2f} s (best of 3; the first time {first:.2f} s)")
    assert written < 2 * plain and size < 5_000_000 and seconds < OPEN_LIMIT
    save_screenshot(browser, Path(request.config.getoption("--report-screenshot") or tmp_path / "report.png"))
