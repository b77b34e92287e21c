"""The dashboard in a real browser (Debian's Chromium, driven by Playwright): the record chart
with its events, a slider dragged with the mouse moving the welfare bars, a permalink restoring
the state, the war-and-talks plane with streamed progress and cancellation. Screenshots go to
target/screenshots/ (look at them)."""
import json
import time

from conftest import wait_until

EVENTS = ["Phase One", "145 %/125 %", "Geneva", "London", "Busan", "IEEPA ruling"]


def ready(page):
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)


def chart_data(page, chart_id):
    return page.evaluate(
        """(id) => { const c = window.truceDashboard.charts[id];
             return c ? c.data.datasets.map(d => ({label: d.label, data: d.data})) : null; }""",
        chart_id,
    )


def solved_count(page):
    return page.evaluate("() => window.truceDashboard.seq")


def wait_solved(page, timeout=30):
    wait_until(
        lambda: page.evaluate(
            "() => { const s = document.getElementById('scenario-status').textContent;"
            " return s.startsWith('Solved') || document.getElementById('scenario-status').classList.contains('error'); }"
        ),
        timeout,
        "the scenario to be solved",
    )
    status = page.text_content("#scenario-status")
    assert status.startswith("Solved"), status
    return status


def test_record_chart_shows_the_events_and_a_date_on_click(server, page, shots):
    t0 = time.time()
    page.goto(server + "/")
    ready(page)
    fcp = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
    )
    print(f"first contentful paint: {fcp:.0f} ms after navigation start")
    assert fcp is not None and fcp < 1000, fcp
    page.wait_for_selector("#record-events li", timeout=60_000)
    labels = page.eval_on_selector_all("#record-events li", "els => els.map(e => e.textContent)")
    for e in EVENTS:
        assert any(l.startswith(e) for l in labels), (e, labels)
    shown = page.evaluate("() => window.truceDashboard.recordEvents")
    assert all(e in shown for e in EVENTS), shown
    data = chart_data(page, "record-chart")
    names = [d["label"] for d in data]
    assert "US tariff on China (truce)" in names and "US on China, PIIE published" in names
    assert max(p["y"] for p in data[0]["data"]) > 100  # the April 2025 peak
    assert len(data[2]["data"]) >= 5  # PIIE's published points
    # Click the chart in mid-2025: the model's outcome that day appears.
    box = page.locator("#record-chart").bounding_box()
    x = page.evaluate(
        "() => { const c = window.truceDashboard.charts['record-chart']; return c.scales.x.getPixelForValue(2025.6); }"
    )
    page.mouse.click(box["x"] + x, box["y"] + box["height"] / 2)
    page.wait_for_selector("#record-detail:not([hidden])")
    title = page.text_content("#record-detail-title")
    assert title.startswith("2025-"), title
    assert "Welfare against the baseline" in page.text_content("#record-detail-text")
    page.screenshot(path=str(shots / "record.png"), full_page=True)
    print(f"record view ready in {time.time() - t0:.1f} s")
    # The 2025–26 close-up keeps the dense events apart, and the URL remembers it.
    page.select_option("#record-range", "2025")
    lo = page.evaluate("() => window.truceDashboard.charts['record-chart'].scales.x.min")
    assert 2024.9 < lo < 2025.0, lo
    assert "range=2025" in page.url
    page.screenshot(path=str(shots / "record-2025.png"), full_page=False)


def drag(page, selector, fraction):
    """Drag a range slider's thumb with the mouse from its left end to `fraction` of its width."""
    box = page.locator(selector).bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * fraction, y, steps=8)
    page.mouse.up()
    return time.time()


def test_a_slider_moves_the_welfare_bars_and_the_permalink_restores_them(server, browser, page, shots):
    page.goto(server + "/?view=scenario&date=2025-05-14")
    ready(page)
    wait_solved(page)
    before = chart_data(page, "chart-welfare")
    assert before[0]["label"] == "welfare"
    seq = solved_count(page)
    released = drag(page, "#slider-us", 0.3)
    wait_until(lambda: solved_count(page) > seq, 10, "a request after the release")
    status = wait_solved(page)
    update_ms = page.evaluate("() => window.truceDashboard.lastUpdateMs")
    print(f"slider release to bars redrawn, measured in the page: {update_ms:.0f} ms; "
          f"seen by the test harness: {1000 * (time.time() - released):.0f} ms; {status}")
    assert update_ms < 1000, update_ms
    us = int(page.input_value("#slider-us"))
    assert 100 <= us <= 200, us
    after = chart_data(page, "chart-welfare")
    assert after[0]["data"] != before[0]["data"], "the welfare bars did not change"
    codes = page.evaluate("() => window.truceDashboard.scenario.regions.map(r => r.code)")
    chn = codes.index("CHN")
    assert after[0]["data"][chn] < before[0]["data"][chn], (before[0]["data"][chn], after[0]["data"][chn])
    # A second slider: China's tariff on US farm goods.
    seq = solved_count(page)
    drag(page, "#slider-cn-farm", 0.5)
    wait_until(lambda: solved_count(page) > seq, 10, "a second request")
    wait_solved(page)
    assert f"us={us}" in page.url and "cn.farm=" in page.url, page.url
    page.screenshot(path=str(shots / "scenario.png"), full_page=True)
    # Downloads carry what is shown.
    with page.expect_download() as d:
        page.click("#dl-csv")
    csv = open(d.value.path()).read()
    assert csv.startswith("table,region_or_sector,metric,value,unit,reference,query")
    assert "regions,CHN,welfare_pct," in csv
    with page.expect_download() as d:
        page.click("#dl-toml")
    toml = open(d.value.path()).read()
    assert 'record = "tariff-wall"' in toml and f"total_pct = {us}" in toml
    # The permalink, opened in a fresh page, restores the sliders and the numbers.
    link = page.get_attribute("#permalink", "href")
    shown = chart_data(page, "chart-welfare")
    other = browser.new_page()
    other.goto(server + link)
    ready(other)
    wait_solved(other)
    assert int(other.input_value("#slider-us")) == us
    assert other.input_value("#slider-cn-farm") == page.input_value("#slider-cn-farm")
    assert other.input_value("#s-date") == "2025-05-14"
    assert chart_data(other, "chart-welfare") == shown
    other.screenshot(path=str(shots / "permalink.png"), full_page=True)
    other.close()


def test_bad_input_in_the_url_is_shown_with_its_field(server, page):
    page.goto(server + "/?view=scenario&us=-5")
    ready(page)
    wait_until(
        lambda: page.evaluate("() => document.getElementById('scenario-status').classList.contains('error')"),
        20,
        "an error message",
    )
    assert "[us]" in page.text_content("#scenario-status")


def test_war_and_talks_plane_with_progress_and_cancel(server, page, shots):
    page.goto(server + "/?view=games&instruments=sector")
    ready(page)
    # Start the sector game and cancel it once progress arrives.
    page.click("#g-solve")
    # Wait for the server's first event (a stage or progress), so the game is surely running.
    wait_until(
        lambda: page.text_content("#games-status") not in ("", "Starting…")
        and ("search steps" in page.text_content("#games-status") or page.text_content("#games-status").endswith("…")),
        60,
        "progress from the server",
    )
    print(f"progress shown before cancelling: {page.text_content('#games-status')!r}")
    page.click("#g-cancel")
    assert page.text_content("#games-status") == "Cancelled."
    health = json.loads(page.request.get(server + "/api/v1/health").text())
    wait_until(
        lambda: json.loads(page.request.get(server + "/api/v1/health").text())["games_cancelled"] >= 1,
        30,
        "the server to stop the cancelled game",
    )
    assert health["schema_version"] == "1"
    # Now the uniform game to its end.
    page.select_option("#g-instruments", "uniform")
    page.click("#g-solve")
    wait_until(lambda: page.text_content("#games-status").startswith("Solved"), 180, "the talks")
    names = [d["label"] for d in chart_data(page, "games-chart")]
    for want in ["bargaining frontier", "status quo (today's tariffs)", "Nash tariff war", "Nash bargaining solution"]:
        assert want in names, (want, names)
    frontier = chart_data(page, "games-chart")[0]["data"]
    assert len(frontier) >= 3
    rows = page.eval_on_selector_all("#games-table tr", "els => els.map(e => e.textContent)")
    assert any(r.startswith("Nash war") for r in rows), rows
    assert "instruments=uniform" in page.url
    page.screenshot(path=str(shots / "war-and-talks.png"), full_page=True)
