"""An HTTP stub of the OpenAI chat completions API, replying from a script of responses."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Scripted:
    """One response: status, JSON body (or raw text), optional delay and headers."""

    status: int = 200
    body: Any = None
    raw: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


def completion(content: str, *, finish_reason: str = "stop", model: str = "coach-model") -> Any:
    """A chat.completion body shaped exactly like OpenAI's."""
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": "fp_stub",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": content,
                    "refusal": None,
                    "annotations": [],
                },
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 412, "completion_tokens": 180, "total_tokens": 592},
    }


def api_error(status: int, message: str, code: str) -> Scripted:
    """An error body shaped like OpenAI's."""
    kind = {429: "requests", 500: "server_error", 503: "server_error"}.get(status, "invalid")
    return Scripted(
        status=status,
        body={"error": {"message": message, "type": kind, "param": None, "code": code}},
        headers={"retry-after": "0"} if status == 429 else {},
    )


class StubServer:
    """Serves scripted responses in order and records each request's JSON."""

    def __init__(self) -> None:
        self.script: list[Scripted] = []
        self.requests: list[dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                stub.requests.append(json.loads(self.rfile.read(length) or b"{}"))
                reply = stub.script.pop(0) if stub.script else api_error(500, "empty", "x")
                time.sleep(reply.delay)
                payload = reply.raw if reply.raw is not None else json.dumps(reply.body)
                data = payload.encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"


@contextmanager
def openai_stub() -> Iterator[StubServer]:
    """A running stub; `stub.script` is filled by the test."""
    stub = StubServer()
    thread = threading.Thread(target=stub.server.serve_forever, daemon=True)
    thread.start()
    yield stub
    stub.server.shutdown()
    stub.server.server_close()
