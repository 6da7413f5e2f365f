"""A client generated from rapport's OpenAPI document signs in, creates a
delegation and reads it back; then the delegate accepts it with a token.
Run by tests/openapi/client, which generates `rapport_client` first."""

import sys

from rapport_client import AuthenticatedClient, Client
from rapport_client.api.auth import create_token, get_me, login
from rapport_client.api.delegations import (
    accept,
    create_delegation,
    get_delegation,
    list_delegations,
)
from rapport_client.api.people import list_people
from rapport_client.models import (
    AcceptDelegationBody,
    CreateTokenBody,
    LoginBody,
    NewDelegationBody,
)

base, password = sys.argv[1], sys.argv[2]


def ok(response, status):
    assert response.status_code == status, (response.status_code, response.content)
    return response.parsed


# Signing in sets the session cookie; the generated client keeps it.
admin = Client(base_url=base)
me = ok(login.sync_detailed(client=admin, body=LoginBody(email="admin@api.example", password=password)), 200)
assert me.email == "admin@api.example" and me.role.value == "admin", me

people = ok(list_people.sync_detailed(client=admin, q="member", limit=10), 200)
member = next(p for p in people.items if p.email == "member@api.example")

asked = NewDelegationBody(to=member.id, title="Review the onboarding checklist", stakes="small", due="2099-01-31")
created = ok(create_delegation.sync_detailed(client=admin, body=asked), 201)
assert created.title == "Review the onboarding checklist" and created.status.value == "proposed", created

read = ok(get_delegation.sync_detailed(client=admin, id=created.id), 200)
assert (read.id, read.to.name, read.stakes) == (created.id, "Member Person", "small"), read
page = ok(list_delegations.sync_detailed(client=admin, role="from", limit=5), 200)
assert [d.id for d in page.items] == [created.id], page

# The delegate, with a personal access token made by the client.
them = Client(base_url=base)
ok(login.sync_detailed(client=them, body=LoginBody(email="member@api.example", password=password)), 200)
token = ok(create_token.sync_detailed(client=them, body=CreateTokenBody(name="generated client")), 201)
member_api = AuthenticatedClient(base_url=base, token=token.token)
assert ok(get_me.sync_detailed(client=member_api), 200).email == "member@api.example"
accepted = ok(accept.sync_detailed(client=member_api, id=created.id, body=AcceptDelegationBody(stretch=True)), 200)
assert (accepted.status.value, accepted.stretch) == ("accepted", True), accepted

print("the generated client signed in, delegated, read back and accepted")
