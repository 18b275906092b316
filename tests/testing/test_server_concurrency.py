"""The loopback server takes many connections at once (listen backlog) and serves them together."""

from __future__ import annotations

import asyncio
import socket

import httpx

from actions_sdk.testing import Auth0Emulator

TOKEN = "emulator-management-token"


def test_the_listen_backlog_takes_at_least_128_queued_connections():
    with Auth0Emulator().serve() as server:
        assert server._httpd.request_queue_size >= 128
        # 200 connections opened at once, none accepted by a handler yet: all complete.
        sockets = [
            socket.create_connection((server.host, server.port), timeout=5) for _ in range(200)
        ]
        try:
            assert all(s.fileno() >= 0 for s in sockets)
        finally:
            for s in sockets:
                s.close()


def test_150_concurrent_async_requests_on_their_own_connections_all_succeed():
    emulator = Auth0Emulator()

    async def main(url: str) -> list[int]:
        limits = httpx.Limits(max_connections=150, max_keepalive_connections=150)
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
            headers = {"authorization": f"Bearer {TOKEN}"}
            replies = await asyncio.gather(
                *(client.get("/api/v2/actions/actions", headers=headers) for _ in range(150))
            )
        return [reply.status_code for reply in replies]

    with emulator.serve() as server:
        statuses = asyncio.run(main(server.url))
        assert server._httpd.errors == 0
    assert statuses == [200] * 150
    assert len(emulator.requests) == 150
