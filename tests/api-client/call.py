"""Calls a running Kinerja server through the Python client generated from its OpenAPI
document (openapi-python-client), as a program outside Kinerja would, and prints what it got
as JSON for the Rust test that started the server (crates/kinerja-web/tests/http) to check.

Usage: python3 call.py CLIENT_DIR BASE_URL TOKEN OFFICE
"""

import json
import sys

client_dir, base_url, token, office = sys.argv[1:5]
sys.path.insert(0, client_dir)

from kinerja_api_client import AuthenticatedClient  # noqa: E402
from kinerja_api_client.api.offices import list_offices, get_office  # noqa: E402
from kinerja_api_client.api.plans import get_plan  # noqa: E402
from kinerja_api_client.api.realisations import list_realisations, save_realisation  # noqa: E402
from kinerja_api_client.api.achievement import get_achievement  # noqa: E402
from kinerja_api_client.models import RealisationInputDto, Problem  # noqa: E402

client = AuthenticatedClient(base_url=base_url, token=token, raise_on_unexpected_status=True)
out = {}

offices = list_offices.sync(client=client)
out["offices"] = [o.code for o in offices]

plan = get_plan.sync(code=office, client=client, year=2024)
indicators = [i for o in plan.objectives for i in o.indicators]
out["indicators"] = len(indicators)

# The first indicator the token's user may enter: an operator's own unit's.
rows = list_realisations.sync(code=office, client=client, year=2024, period="B1")
out["january"] = len(rows)
target = indicators[0]
existing = [r for r in list_realisations.sync(code=office, client=client, year=2024) if r.indicator == target.id and r.period == "B3"]
version = existing[0].version if existing else None
body = RealisationInputDto(indicator=target.id, period="B3", value="1 laporan")
if version is not None:
    body.version = version
saved = save_realisation.sync_detailed(code=office, client=client, body=body)
out["saved_status"] = int(saved.status_code)
out["saved_value"] = saved.parsed.value if saved.status_code == 200 else None

achievement = get_achievement.sync(code=office, client=client, year=2024)
out["achievement_units"] = len(achievement.units)

# A problem (RFC 9457) is parsed as the generated Problem model.
client_lenient = AuthenticatedClient(base_url=base_url, token=token)
missing = get_office.sync_detailed(code="kpu-tidak-ada", client=client_lenient)
out["missing_status"] = int(missing.status_code)
problem = missing.parsed
out["missing_problem"] = isinstance(problem, Problem) and problem.code == "not_found" and problem.status == 404

print(json.dumps(out))
