"""Log handlers and formatters for shipping THE_BOT's Django/Celery logs to the log console.

The console's port 5000 speaks what python-logstash-async and Logstash's ``json_lines`` codec speak: one JSON object
per line over TCP. ``LogstashJsonFormatter`` renders a record in python-logstash-async's field layout (``@timestamp``,
``level``, ``logger_name``, ``message``, ``host``, ``extra``, ``stack_trace``), and ``JsonLinesTcpHandler`` sends it
using only the standard library, so no extra package is needed on the servers. When python-logstash-async is
installed, ``python_logging_config.py`` uses its asynchronous handler instead (it buffers to SQLite while the
console is unreachable).
"""

import datetime
import json
import logging
import logging.handlers
import socket
import traceback

# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is shipped under "extra".
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys() | {"message", "asctime", "stack_info"}
)


class LogstashJsonFormatter(logging.Formatter):
    """One JSON object per record, in python-logstash-async's LogstashFormatter layout."""

    def __init__(self, environment=None, tags=None):
        super().__init__()
        self.environment = environment
        self.tags = list(tags or [])
        self.host = socket.gethostname()

    def format(self, record):
        extra = {
            key: _jsonable(value)
            for key, value in vars(record).items()
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_")
        }
        if self.environment:
            extra.setdefault("environment", self.environment)
        document = {
            "@timestamp": datetime.datetime.fromtimestamp(record.created, tz=datetime.timezone.utc)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "@version": "1",
            "host": self.host,
            "level": record.levelname,
            "logsource": self.host,
            "message": record.getMessage(),
            "pid": record.process,
            "program": record.processName,
            "type": "python-logstash",
            "tags": self.tags,
            "logger_name": record.name,
            "path": record.pathname,
            "func_name": record.funcName,
            "line": record.lineno,
            "thread_name": record.threadName,
            "extra": extra,
        }
        if record.exc_info:
            document["stack_trace"] = "".join(traceback.format_exception(*record.exc_info))
            document["extra"].setdefault("error.type", record.exc_info[0].__name__)
        return json.dumps(document, ensure_ascii=False)


class JsonLinesTcpHandler(logging.handlers.SocketHandler):
    """Sends each record as one JSON line over TCP; reconnects with backoff like SocketHandler does."""

    def __init__(self, host, port, formatter=None):
        super().__init__(host, int(port))
        self.setFormatter(formatter or LogstashJsonFormatter())

    def makePickle(self, record):  # noqa: N802 (the name SocketHandler calls)
        return (self.format(record) + "\n").encode("utf-8")


def _jsonable(value):
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return repr(value)
