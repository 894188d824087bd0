"""Opens notebook pages in a real headless Chromium, with every host but 127.0.0.1 unreachable, and reports
what it drew as one JSON object on stdout (the browser tests in Kernel.Tests assert on it).

usage:
  /usr/bin/python3 browser_check.py notebook-ui NOTEBOOK_DIR NAME WORKDIR
      starts the classic Jupyter Notebook server (Debian's jupyter-notebook) on NOTEBOOK_DIR, opens NAME,
      runs all cells with the kernel its metadata names, and waits until every cell has run and drawn
  /usr/bin/python3 browser_check.py page FILE WORKDIR
      opens an HTML file (an nbconvert page) and waits for its figures

Reported: the number of drawn Plotly figures (div.js-plotly-plot holding an svg.main-svg), the number of
svg.main-svg elements, the number of error outputs, the cells that ran, and every console message of
level SEVERE (an error, a failed request) the page logged.
"""
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
RUN_LIMIT = 900
DRAW_LIMIT = 60

COUNT_FIGURES = """
const plots = Array.from(document.querySelectorAll('div.js-plotly-plot'));
return {
  figures: plots.filter(p => p.querySelector('svg.main-svg')).length,
  svgs: document.querySelectorAll('svg.main-svg').length,
  errors: document.querySelectorAll('.output_error, .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]').length,
  math: document.querySelectorAll('.MathJax_CHTML, .MathJax, mjx-container').length,
  unloaded: Array.from(document.querySelectorAll('div[id^="figure-"]')).filter(d => d.textContent.includes('plotly.js is not loaded')).length,
};
"""


def browser(workdir):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--window-size=1280,1000",
                 # The machine's network as unreachable: every name but the local server fails to resolve.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                 f"--user-data-dir={os.path.join(workdir, 'chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def wait_for(condition, limit, what):
    deadline = time.time() + limit
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise TimeoutError(f"{what} did not happen within {limit} s")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def severe(driver):
    return [f"{e['level']}: {e['message']}" for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def figures_settled(driver, expected):
    """The figure counts once they stop changing (and reach the expected number, if it is known)."""
    last = None
    deadline = time.time() + DRAW_LIMIT
    while time.time() < deadline:
        counts = driver.execute_script(COUNT_FIGURES)
        if counts == last and (expected is None or counts["figures"] >= expected):
            return counts
        last = counts
        time.sleep(1)
    return last


def notebook_ui(notebook_dir, name, workdir, expected):
    port, token = free_port(), secrets.token_hex(16)
    log = open(os.path.join(workdir, "notebook-server.log"), "w")
    args = [sys.executable, "-m", "notebook", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
            f"--NotebookApp.token={token}", f"--NotebookApp.notebook_dir={notebook_dir}"]
    if os.geteuid() == 0:
        args.append("--allow-root")  # CI machines run as root; the server refuses to otherwise
    server = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    driver = None
    try:
        wait_for(lambda: alive(port, token), 60, "the notebook server answering")
        driver = browser(workdir)
        driver.get(f"http://127.0.0.1:{port}/tree?token={token}")
        # MathJax 2's HTML-CSS output declares a font at about:blank, which Chromium reports as a failed
        # request; its CommonHTML output, which a reader picks in MathJax's menu (kept in this cookie), does not.
        driver.add_cookie({"name": "mjx.menu", "value": "renderer%3ACommonHTML", "path": "/"})
        driver.get(f"http://127.0.0.1:{port}/notebooks/{name}?token={token}")
        wait_for(lambda: driver.execute_script(
            "return window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()"),
            180, "the kernel connecting")
        driver.execute_script("Jupyter.notebook.execute_all_cells();")
        code_cells = driver.execute_script("return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').length")
        wait_for(lambda: driver.execute_script(
            "return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')"
            ".every(c => typeof c.input_prompt_number === 'number')"), RUN_LIMIT, "every cell running")
        counts = figures_settled(driver, expected)
        ran = driver.execute_script(
            "return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code' && typeof c.input_prompt_number === 'number').length")
        return {**counts, "code_cells": code_cells, "ran": ran, "console": severe(driver)}
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def alive(port, token):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def page(path, workdir, expected):
    driver = browser(workdir)
    try:
        driver.get("file://" + os.path.abspath(path))
        wait_for(lambda: driver.execute_script("return document.readyState") == "complete", 60, "the page loading")
        counts = figures_settled(driver, expected)
        return {**counts, "console": severe(driver)}
    finally:
        driver.quit()


def main():
    mode = sys.argv[1]
    expected = int(os.environ["EXPECTED_FIGURES"]) if "EXPECTED_FIGURES" in os.environ else None
    if mode == "notebook-ui":
        result = notebook_ui(sys.argv[2], sys.argv[3], sys.argv[4], expected)
    elif mode == "page":
        result = page(sys.argv[2], sys.argv[3], expected)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
