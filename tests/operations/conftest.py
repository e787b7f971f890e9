import pytest

from tests.codes.helpers import ensure_instrument


@pytest.fixture
def instrument(transactional_db):
    ensure_instrument()
