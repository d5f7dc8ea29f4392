"""The Wialon API over the model: the routing table, the handlers, parameter checks, item JSON.

Handlers are plain functions ``(ctx, params) -> result``; they never see HTTP.
"""
