"""The web page in a real headless Chromium against a real uvicorn server."""
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import uvicorn
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.alert import Alert
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from api.app import create_app
from assistant.sessions import SessionStore, Turn
from tests.conftest import REPO

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = REPO / "docs" / "screenshot.png"
WAIT = 30  # seconds for an answer to stream in


@pytest.fixture(scope="module")
def base_url(services, settings):
    """uvicorn serving create_app(settings) on a free loopback port, in a thread of this process."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise AssertionError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.skip("needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver): "
                    "apt-get install chromium chromium-driver, or run `make test-deps` as root")

    profile = tempfile.mkdtemp(prefix="pmr-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    chrome = driver.execute_script("return window.outerHeight - window.innerHeight")
    driver.set_window_size(1280, 900 + chrome)  # a 1280×900 page, as the screenshot shows it
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait(driver, condition, timeout: float = WAIT):
    return WebDriverWait(driver, timeout).until(condition)


def ask(driver, question: str):
    """Type a question, send it, and return the new turn once its answer (and citations) have arrived."""

    before = len(driver.find_elements(By.CSS_SELECTOR, ".turn"))
    box = driver.find_element(By.ID, "question")
    box.clear()
    box.send_keys(question)
    driver.find_element(By.ID, "ask").click()
    turn = wait(driver, lambda d: (turns := d.find_elements(By.CSS_SELECTOR, ".turn")) and len(turns) > before
                and turns[before])
    wait(driver, lambda d: turn.find_element(By.CSS_SELECTOR, ".answer").get_attribute("aria-busy") == "false")
    return turn


@pytest.fixture
def page(browser, base_url):
    browser.get(base_url + "/")
    return browser


def test_cited_answer_streams_in_and_its_citation_expands_to_the_passage(page):
    turn = ask(page, "How soon after a conference should I send thank-you notes?")
    answer = turn.find_element(By.CSS_SELECTOR, ".answer")
    assert "7–10 days" in answer.text and "refusal" not in answer.get_attribute("class")
    toggle = turn.find_element(By.CSS_SELECTOR, ".answer-text .citation-toggle")
    passage = turn.find_element(By.CSS_SELECTOR, ".citation-passage")
    assert toggle.get_attribute("aria-expanded") == "false" and not passage.is_displayed()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and passage.is_displayed()
    assert "Master Networking in PM&R Residency" in passage.text and "Post-Conference Follow-Up" in passage.text
    assert "7–10 days" in passage.find_element(By.CSS_SELECTOR, ".passage-text").text
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.save_screenshot(str(SCREENSHOT))
    toggle.send_keys("\n")  # keyboard: Enter on the focused toggle collapses it again
    assert toggle.get_attribute("aria-expanded") == "false" and not passage.is_displayed()


def test_markup_in_a_question_is_shown_as_text(page):
    question = "<script>alert(1)</script><img src=x onerror=alert(2)> mentor?"
    turn = ask(page, question)
    assert turn.find_element(By.CSS_SELECTOR, ".question").text.endswith(question)
    assert not page.find_elements(By.CSS_SELECTOR, "#history script, #history img")
    with pytest.raises(NoAlertPresentException):
        Alert(page).text


def test_uncovered_question_is_marked_as_a_refusal(page):
    turn = ask(page, "What is the gabapentin starting dose?")
    refusal = turn.find_element(By.CSS_SELECTOR, ".answer.refusal")
    assert "Not covered by the guides" in refusal.text and "don't cover" in refusal.text
    assert not turn.find_elements(By.CSS_SELECTOR, ".citation-toggle")


def test_new_conversation_clears_the_history(page):
    ask(page, "Who should I ask for letters of recommendation for fellowship?")
    page.find_element(By.ID, "new-chat").click()
    assert not page.find_elements(By.CSS_SELECTOR, ".turn")
    assert page.switch_to.active_element.get_attribute("id") == "question"


def test_an_expired_conversation_is_started_afresh(page, settings):
    ask(page, "Who should I ask for letters of recommendation for fellowship?")
    # Another trainee's conversation, under a cap of one, makes the server forget this page's.
    SessionStore(settings.data_dir / "sessions.sqlite3", max_sessions=1).append(None, Turn("another trainee", []))
    turn = ask(page, "How soon after a conference should I send thank-you notes?")
    answer = turn.find_element(By.CSS_SELECTOR, ".answer")
    assert "7–10 days" in answer.text and "expired" in answer.text and "error" not in answer.get_attribute("class")


def test_thank_you_form_drafts_an_email_with_cited_tips(page):
    page.find_element(By.ID, "tab-thank-you").click()
    form = page.find_element(By.ID, "draft-thank-you")
    assert form.is_displayed() and not page.find_element(By.ID, "draft-mentor-outreach").is_displayed()
    form.find_element(By.ID, "thank-you-recipient_name").send_keys("Dr. Rivera")
    form.find_element(By.ID, "thank-you-sender_name").send_keys("Sam Patel")
    form.find_element(By.ID, "thank-you-context").send_keys("we talked about concussion rehab at the Annual Assembly")
    form.find_element(By.ID, "thank-you-next_step").send_keys("send you my abstract & poster")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    body = wait(page, lambda d: d.find_element(By.ID, "draft-body") if d.find_element(By.ID, "draft-body").text else None)
    assert "Dr. Rivera" in body.text and "Sam Patel" in body.text
    assert "We talked about concussion rehab at the Annual Assembly, and I wanted to thank you" in body.text
    subject = page.find_element(By.ID, "draft-subject").text
    assert subject
    assert page.find_elements(By.CSS_SELECTOR, "#draft-tips li")
    notes = page.find_element(By.ID, "draft-notes-block")
    assert notes.is_displayed() and "Where you met" in notes.text and "Next step" in notes.text
    link = page.find_element(By.ID, "email-draft")
    assert link.is_displayed() and link.text == "Open in email app"
    href = link.get_attribute("href")
    query = parse_qs(urlsplit(href).query, keep_blank_values=True)
    assert href.startswith("mailto:?subject=") and "&" not in href.split("&body=")[1]  # "&" in the text is encoded
    assert query["subject"] == [subject]
    assert query["body"] == [page.execute_script("return document.getElementById('draft-body').textContent")
                             .replace("\n", "\r\n")]
    assert "abstract & poster" in query["body"][0]
    page.find_element(By.ID, "copy-draft").click()
    wait(page, lambda d: d.find_element(By.ID, "copy-status").text)
    assert "Cop" in page.find_element(By.ID, "copy-status").text


def test_missing_draft_fields_are_named_next_to_the_form(page):
    page.find_element(By.ID, "tab-lor-request").click()
    page.find_element(By.ID, "lor-request-recipient_name").send_keys("Dr. Lee")
    page.find_element(By.CSS_SELECTOR, "#draft-lor-request button[type=submit]").click()
    errors = wait(page, lambda d: d.find_element(By.ID, "draft-errors") if d.find_element(By.ID, "draft-errors").is_displayed() else None)
    assert "Letter deadline" in errors.text and "Your name" in errors.text
    assert page.find_element(By.ID, "lor-request-deadline").get_attribute("aria-invalid") == "true"


def test_page_fits_a_phone_screen(page):
    page.set_window_size(375, 800)
    try:
        width = page.execute_script("return document.documentElement.scrollWidth")
        assert width <= page.execute_script("return window.innerWidth")
    finally:
        page.set_window_size(1280, 900 + page.execute_script("return window.outerHeight - window.innerHeight"))
