"""The web UI in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Without Chromium or Playwright these tests skip, unless ``COMMUNIQUE_REQUIRE_BROWSER=1`` (as in CI) makes
that a failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from webui import HOSTILE_ID, SEED_ID

from communique.web.headless import BackgroundServer as Server
from communique.web.headless import chromium_path, launch_chromium


def _unavailable(reason: str) -> None:
    if os.environ.get("COMMUNIQUE_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the browser tests need Playwright: pip install -e '.[test]'")
    if chromium_path() is None:
        _unavailable("the browser tests need Chromium: apt-get install chromium (or set COMMUNIQUE_CHROMIUM)")
    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.errors = []  # script errors and dialogs: a page must raise neither
    opened.on("pageerror", lambda error: opened.errors.append(f"error: {error}"))
    opened.on("dialog", lambda dialog: (opened.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield opened
    context.close()


def test_overview_search_open_the_seed_and_see_its_events(page: Any, server: Server) -> None:
    page.goto(server.url + "/")
    page.wait_for_selector("#by-month[data-drawn=true] svg.main-svg")
    assert page.locator("#by-month .trace.bars").count() >= 2  # one per site
    page.fill("header input[name=q]", "Russophobic")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Russophobic"))
    assert page.locator("li.hit").count() == 1
    assert page.locator("li.hit .snippet mark").first.inner_text() == "Russophobic"
    page.click("li.hit a.hit-title")
    page.wait_for_url(re.compile(re.escape(f"/doc/{SEED_ID}") + "#turn-6$"))
    assert page.locator("div.turn").count() == 9
    assert page.locator("#turn-6").is_visible()
    events = page.locator("span.event")
    assert events.count() > 10 and events.first.is_visible()
    # the marked sentences are coloured, unmarked text is not
    assert page.eval_on_selector("span.event", "e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    # an event's row leads to its sentence: the seed's signed agreement
    row = page.locator("tr.status-asserted", has=page.locator("span.type-agree")).filter(has_text="signed").first
    row.locator("a[href^='#s-']").click()
    anchor = page.evaluate("location.hash").lstrip("#")
    sentence = page.locator(f"[id='{anchor}']")
    assert sentence.is_visible() and "AGREE" in sentence.get_attribute("data-types")
    assert page.errors == []


def test_draw_a_trend_of_two_terms(page: Any, server: Server) -> None:
    page.goto(server.url + "/trend")
    page.fill("input[name=terms]", "EU, NATO")
    page.select_option("select[name=by]", "year")
    page.click("form.query button")
    page.wait_for_selector("#trend[data-drawn=true] svg.main-svg")
    assert page.locator("#trend .scatterlayer .trace").count() == 2
    legend = page.locator("#trend .legendtext").all_text_contents()
    assert legend == ["EU", "NATO"]
    assert page.locator("table.rows tbody tr").count() >= 1
    assert page.errors == []


def test_markup_in_a_document_shows_as_text(page: Any, server: Server) -> None:
    page.goto(server.url + f"/doc/{HOSTILE_ID}")
    text = page.locator("section.turns").inner_text()
    assert "<script>alert(1)</script>" in text
    assert '<iframe src="javascript:alert(3)"></iframe>' in text
    assert page.locator("h1").inner_text() == 'Statement <script>alert("title")</script> on <b>markup</b>'
    assert page.locator("section.turns script, section.turns img, section.turns iframe").count() == 0
    assert page.errors == []


def test_event_timeline_and_actor_page_lead_to_the_sentences(page: Any, server: Server) -> None:
    page.goto(server.url + "/actor/AZE")
    page.wait_for_selector("#mentions[data-drawn=true] svg.main-svg")
    page.click("text=Its events")
    page.wait_for_url(re.compile(r"/events\?actor=AZE"))
    page.wait_for_selector("#timeline[data-drawn=true] svg.main-svg")
    page.select_option("select[name=type]", "AGREE")
    page.click("form.query button")
    page.wait_for_url(re.compile(r"type=AGREE"))
    first = page.locator("table.events tbody tr").first
    assert first.locator("span.type").inner_text() == "AGREE"
    first.locator("td:last-child a").click()
    page.wait_for_url(re.compile(r"/doc/.+#s-\d+$"))
    anchor = page.evaluate("location.hash").lstrip("#")
    assert "AGREE" in page.locator(f"[id='{anchor}']").get_attribute("data-types")
    assert page.errors == []


def test_a_trend_point_opens_its_concordance(page: Any, server: Server) -> None:
    # the README's first question, as a user clicks it
    page.goto(server.url + "/trend")
    page.fill("input[name=terms]", "EU")
    page.select_option("select[name=by]", "year")
    page.click("details.filters summary")
    page.fill("input[name=speaker]", "Lavrov")
    page.click("form.query button")
    page.wait_for_url(re.compile(r"/trend\?terms=EU&by=year&speaker=Lavrov$"))
    page.wait_for_selector("#trend[data-drawn=true] svg.main-svg")
    cells = page.locator("table.rows tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == "2022" and int(cells[1]) > 0
    page.locator("#trend .scatterlayer .point").last.click(force=True)
    page.wait_for_url(re.compile(r"/kwic\?term=EU&speaker=Lavrov&from=2022-01-01&to=2022-12-31"))
    total = int(page.locator("p.summary .total").inner_text())
    assert total == int(cells[1]) == page.locator("table.kwic tbody tr").count()
    assert page.errors == []
