"""Logging a browser in to the dashboard of a server that has an admin secret.

A page load cannot send the ``X-Wialon-Mock-Admin`` header, so a browser on another machine
could not open the dashboard at all. ``/_mock/ui/login`` takes the secret once, from the query
(``?secret=``, for a link) or from its form (a POST, so the secret stays out of the address
bar and the history), sets the login cookie and sends the browser on to ``/_mock/ui/``: the
address bar then holds no secret. What the cookie allows is the admin guard's business
(:mod:`wialon_mock.http.admin_guard`). ``/_mock/ui/logout`` forgets the cookie.
"""

from __future__ import annotations

import html

from aiohttp import web

from ..admin_guard import COOKIE_NAME, LOGIN_PATH, AdminAccess
from .routes import PAGE_HEADERS, UI_PATH

LOGOUT_PATH = UI_PATH + "/logout"
_UI = UI_PATH + "/"
#: the dashboard page's headers, never kept by a cache and never sent on as a referrer
_PAGE_HEADERS = {**PAGE_HEADERS, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

FORM = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wialon-mock: log in</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:4em auto;max-width:28em;color:#222}}
input{{font:inherit;width:100%;box-sizing:border-box;margin:.4em 0}}
.error{{color:#b00020}}</style></head>
<body><h1>wialon-mock dashboard</h1>
<p>This server has an admin secret. Give it once to open the dashboard in this browser
(<code>wialon-mock serve</code> printed it as <code>admin token:</code>).</p>
{message}
<form id="login" method="post" action="{action}" autocomplete="off">
<label>admin secret <input id="secret" name="secret" type="password" required autofocus></label>
<button type="submit">open the dashboard</button></form></body></html>
"""


def _form(message: str = "", status: int = 200) -> web.Response:
    note = f'<p class="error" id="login-error">{html.escape(message)}</p>' if message else ""
    return web.Response(
        text=FORM.format(message=note, action=LOGIN_PATH),
        status=status,
        content_type="text/html",
        headers=_PAGE_HEADERS,
    )


def add_login_routes(app: web.Application, access: AdminAccess) -> None:
    """Mount ``/_mock/ui/login`` and ``/_mock/ui/logout`` for ``access``'s secret."""

    async def login(request: web.Request) -> web.StreamResponse:
        if access.secret is None:
            # nothing to log in to: the dashboard opens as it is
            raise web.HTTPSeeOther(_UI)
        if request.method == "POST":
            if request.content_type != "application/x-www-form-urlencoded":
                return _form("send the form as it is", status=415)
            given = (await request.post()).get("secret")
        else:
            given = request.query.get("secret")
        if given is None:
            return _form()
        if not isinstance(given, str) or not access.is_secret(given.strip()):
            return _form("That is not this server's admin secret.", status=403)
        # 303 turns the POST into a GET of the dashboard; the secret is in neither URL
        done = web.HTTPSeeOther(_UI, headers=_PAGE_HEADERS)
        done.set_cookie(
            COOKIE_NAME,
            access.new_cookie(),
            path="/_mock",
            httponly=True,
            samesite="Strict",
        )
        raise done

    async def logout(request: web.Request) -> web.StreamResponse:
        done = web.HTTPSeeOther(LOGIN_PATH, headers=_PAGE_HEADERS)
        done.del_cookie(COOKIE_NAME, path="/_mock")
        raise done

    app.router.add_get(LOGIN_PATH, login)
    app.router.add_post(LOGIN_PATH, login)
    app.router.add_get(LOGOUT_PATH, logout)
