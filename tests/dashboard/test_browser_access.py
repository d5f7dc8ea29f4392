"""The dashboard's access rules in a real headless Chromium: read-only pages, the admin secret
and the login form that lets a browser on another machine steer a server with a secret."""

from __future__ import annotations

import urllib.parse
import urllib.request
from typing import TYPE_CHECKING

import pytest

from wialon_mock.http.app import CONTROL_KEY

from ._page import css, wait_for
from .conftest import AppThread

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

# most of their seconds are spent waiting on Chromium (tests/conftest.py spreads them)
pytestmark = pytest.mark.waits


def test_read_only_when_bound_beyond_loopback(browser: WebDriver, read_only_app: AppThread) -> None:
    browser.get(f"{read_only_app.url}/_mock/ui/")
    wait_for(browser, lambda b: b.find_element("id", "read-only").is_displayed(), "no badge")
    browser.find_element("css selector", '#tabs [data-tab="control"]').click()
    assert not browser.find_element("id", "fault-form").is_displayed()
    assert not browser.find_element("id", "reset").is_displayed()
    assert browser.find_element("css selector", ".read-only-note").is_displayed()


def test_opened_with_the_admin_secret_the_page_steers_again(
    browser: WebDriver, read_only_app: AppThread
) -> None:
    browser.get(f"{read_only_app.url}/_mock/ui/#admin={read_only_app.secret}")
    browser.refresh()  # a new fragment alone would not load the page again
    wait_for(
        browser,
        lambda b: b.find_element("tag name", "body").get_attribute("data-ready"),
        "not ready",
    )
    assert not browser.find_element("id", "read-only").is_displayed()
    browser.find_element("css selector", '#tabs [data-tab="control"]').click()
    assert browser.find_element("id", "fault-form").is_displayed()
    browser.find_element("css selector", "#fault-form button[type=submit]").click()
    control = read_only_app.app[CONTROL_KEY]
    wait_for(
        browser, lambda b: control.fault_engine.list(), "the fault was not added with the secret"
    )
    assert browser.find_element("id", "fault-error").text == ""


def test_from_another_machine_the_login_form_opens_a_dashboard_that_steers(
    browser: WebDriver, remote_app: AppThread
) -> None:
    assert remote_app.secret is not None
    browser.delete_all_cookies()
    # the server takes this browser for one on another machine: the page asks for the secret
    browser.get(f"{remote_app.url}/_mock/ui/")
    wait_for(browser, lambda b: b.current_url.endswith("/_mock/ui/login"), "no login form")
    browser.find_element("id", "secret").send_keys("not-the-secret")
    browser.find_element("css selector", "#login button").click()
    wait_for(browser, lambda b: css(b, "#login-error"), "a wrong secret was taken")
    browser.find_element("id", "secret").send_keys(remote_app.secret)
    browser.find_element("css selector", "#login button").click()
    wait_for(browser, lambda b: b.current_url == f"{remote_app.url}/_mock/ui/", "not let in")
    wait_for(
        browser,
        lambda b: b.find_element("tag name", "body").get_attribute("data-ready"),
        "the dashboard did not start",
    )
    assert remote_app.secret not in browser.current_url
    # HttpOnly: the page's scripts cannot read the cookie
    assert browser.execute_script("return document.cookie") == ""
    assert not browser.find_element("id", "read-only").is_displayed()
    assert browser.find_element("id", "logout-link").is_displayed()
    # the live journal (an EventSource: no header, only the cookie) shows a call made now
    form = urllib.parse.urlencode({"svc": "core/get_hw_types", "params": "{}"}).encode()
    with urllib.request.urlopen(f"{remote_app.url}/wialon/ajax.html", form, timeout=10):
        pass
    wait_for(
        browser,
        lambda b: css(b, '#journal tr[data-svc="core/get_hw_types"]'),
        "the journal stream did not reach the page",
    )
    # and the forms steer the server
    browser.find_element("css selector", '#tabs [data-tab="control"]').click()
    browser.find_element("css selector", "#fault-form button[type=submit]").click()
    control = remote_app.app[CONTROL_KEY]
    wait_for(browser, lambda b: control.fault_engine.list(), "the fault was not added")
    assert browser.find_element("id", "fault-error").text == ""
    browser.find_element("id", "logout-link").click()
    wait_for(browser, lambda b: b.current_url.endswith("/_mock/ui/login"), "not logged out")
    browser.get(f"{remote_app.url}/_mock/ui/")
    wait_for(browser, lambda b: b.current_url.endswith("/_mock/ui/login"), "still let in")


def test_the_login_link_leaves_no_secret_in_the_address_bar(
    browser: WebDriver, remote_app: AppThread
) -> None:
    assert remote_app.secret is not None
    browser.delete_all_cookies()
    browser.get(f"{remote_app.url}/_mock/ui/login?secret={remote_app.secret}")
    wait_for(browser, lambda b: b.current_url == f"{remote_app.url}/_mock/ui/", "not let in")
    wait_for(
        browser,
        lambda b: b.find_element("tag name", "body").get_attribute("data-ready"),
        "the dashboard did not start",
    )
    assert not browser.find_element("id", "read-only").is_displayed()
    browser.delete_all_cookies()


def test_a_read_only_page_of_a_server_with_a_secret_offers_the_login(
    browser: WebDriver, read_only_app: AppThread
) -> None:
    browser.delete_all_cookies()
    browser.get(f"{read_only_app.url}/_mock/ui/")
    wait_for(browser, lambda b: b.find_element("id", "login-link").is_displayed(), "no login")
    browser.find_element("id", "login-link").click()
    wait_for(browser, lambda b: css(b, "#login #secret"), "the link does not lead to the form")
