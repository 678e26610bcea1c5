"""Fixtures shared by the whole test run: the pipeline (loaded once), example and shared folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DOCUMENTS = ROOT / "tests" / "documents"
SHARED = ROOT.parent / "shared"
SEED = EXAMPLES / "mid.ru" / "1331-24-06-2022.txt"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """Structure only: the tests of reading and structure need no spaCy model."""
    return Pipeline(nlp=False)


@pytest.fixture(scope="session")
def nlp_pipeline() -> Pipeline:
    """The whole pipeline with entities and events, its spaCy model loaded once for the run."""
    return Pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The larger development corpus beside the repository; tests that need it skip without it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"the shared development corpus is not at {SHARED}; these tests need ../shared/corpus")
    return SHARED


@pytest.fixture(scope="session")
def seed(pipeline: Pipeline):
    return pipeline.parse_path(SEED)
