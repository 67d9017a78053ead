"""pytest setup for the NLU tests: load the shared pipeline once."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _warm_pipeline() -> None:
    from nlu.pipeline import get_pipeline

    get_pipeline()
