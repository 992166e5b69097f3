"""Typed route dependencies: the services the lifespan put on app.state, and the admin check.

The getters are `async`: they only read attributes, and FastAPI runs a plain `def` dependency in a worker thread
(a thread hand-off per dependency per request).
"""
import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from api.services import Services
from api.settings import Settings
from assistant.chat import Assistant
from assistant.drafts import Drafter
from assistant.retrieve import HybridSearch
from ingest.errors import NotFound
from ingest.store import Store


async def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_settings(services: ServicesDep) -> Settings:
    return services.settings


async def get_store(services: ServicesDep) -> Store:
    return services.store


async def get_search(services: ServicesDep) -> HybridSearch:
    return services.search


async def get_assistant(services: ServicesDep) -> Assistant:
    return services.assistant


async def get_drafter(services: ServicesDep) -> Drafter:
    return services.drafts


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
SearchDep = Annotated[HybridSearch, Depends(get_search)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
DrafterDep = Annotated[Drafter, Depends(get_drafter)]


def require_admin(request: Request, settings: SettingsDep) -> None:
    """`Authorization: Bearer <PMR_ADMIN_TOKEN>`; without a configured token the endpoint does not exist."""
    if not settings.admin_token:
        raise NotFound("ingest endpoint is disabled: set PMR_ADMIN_TOKEN on the server to enable it")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "send the admin token as `Authorization: Bearer <token>`",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(token.strip().encode(), settings.admin_token.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "the admin token is not valid for this server")


AdminDep = Depends(require_admin)
