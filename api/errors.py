"""Errors as JSON ``{error, detail}`` with the right status, mapped by exception type."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.errors import QueryError, StoreMissing


class ApiError(Exception):
    """An error answered as ``{"error": error, "detail": detail}`` with `status`."""

    def __init__(self, status: int, error: str, detail: object = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(error)
        self.status, self.error, self.detail, self.headers = status, error, detail, headers


def error_body(error: str, detail: object = None) -> dict[str, object]:
    return {"error": error, "detail": detail}


def install(app: FastAPI) -> None:
    """Register the exception handlers on `app`."""

    @app.exception_handler(ApiError)
    def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(error_body(exc.error, exc.detail), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(QueryError)
    def _query_error(request: Request, exc: QueryError) -> JSONResponse:
        detail = {"parameter": exc.param, "message": exc.message} if exc.param else exc.message
        return JSONResponse(error_body("invalid parameter" if exc.param else "invalid query", detail), status_code=422)

    @app.exception_handler(StoreMissing)
    def _store_missing(request: Request, exc: StoreMissing) -> JSONResponse:
        return JSONResponse(error_body("store unavailable", exc.message), status_code=503)

    @app.exception_handler(RequestValidationError)
    def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"parameter": ".".join(str(x) for x in e["loc"][1:]) or str(e["loc"][0]), "message": e["msg"]}
                  for e in exc.errors()]
        return JSONResponse(error_body("invalid parameter", errors), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(error_body(str(exc.detail)), status_code=exc.status_code, headers=exc.headers)
