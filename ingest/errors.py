"""The project's domain errors; the CLI and the API translate them at the edges."""


class PmrError(Exception):
    """Base class: the message says what was wrong and what to do next."""


class InputError(PmrError):
    """A value a user sent is wrong (bad draft field, over-long text)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(PmrError):
    """A named thing (document, session, draft kind) does not exist."""


class LoadError(PmrError):
    """One input file cannot be ingested (empty, binary, undecodable, unsupported)."""


class IndexNotReady(PmrError):
    """The index has not been built yet."""


class StoreError(PmrError):
    """The data dir or the Chroma server cannot be used as it is."""
