"""Who may open the import page, the templates and the exports: every URL against every role."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

PAGES = [
    ("responses:import", {}),
    ("responses:import_template", {"kind": "svarsfil"}),
    ("responses:import_template", {"kind": "utdelning"}),
    ("responses:export", {"kind": "svarsfil", "fmt": "csv"}),
    ("responses:export", {"kind": "utdelning", "fmt": "xlsx"}),
]
IMPORTERS = {"nns_admin": 200, "forbund_admin": 200, "registrar": 200, "outsider": 200}
# The svarsfil has one row per questionnaire: administrators only (the outsider is one).
EXPECTED = {
    ("responses:import", ""): {**IMPORTERS, "reader": 403, "no_role": 403},
    ("responses:import_template", ""): {**IMPORTERS, "reader": 403, "no_role": 403},
    ("responses:export", "svarsfil"): {
        **IMPORTERS,
        "registrar": 403,
        "reader": 403,
        "no_role": 403,
    },
    ("responses:export", "utdelning"): {**IMPORTERS, "reader": 200, "no_role": 403},
}


@pytest.fixture
def no_role(db):
    return UserFactory(username="utan_roll")


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("role", [*IMPORTERS, "reader", "no_role", "anonymous"])
def test_role_matrix(client, request, insats, other_insats, period, name, kwargs, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    response = client.get(reverse(name, kwargs=kwargs))

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/logga-in/?next=")
    else:
        kind = kwargs["kind"] if name == "responses:export" else ""
        assert response.status_code == EXPECTED[name, kind][role]
