//! Adapter: SCIM 2.0 provisioning (RFC 7643/7644) under `/scim/v2/`, for
//! an organization's directory (Okta, Microsoft Entra ID…) calling with a
//! bearer token an admin created. Users: create, get, list (with
//! `filter=userName eq "…"`), replace, PATCH (both vendors' shapes),
//! deactivate. Groups are teams (a person is in one): create, get, list,
//! members replaced or patched. And the discovery documents. Errors are SCIM's own shape.
//! Every change is an `app::provisioning` operation.

use crate::AppState;
use crate::app::AppError;
use crate::app::provisioning::{self as service, Group, UserDraft};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rapport_core::{OrgId, PersonId, TeamId};
use rapport_store::Person;
use serde::Deserialize;
use serde_json::{Value, json};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const MOST: i64 = 200;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/scim/v2/Users", get(list_users).post(create_user))
        .route(
            "/scim/v2/Users/{id}",
            get(get_user)
                .put(replace_user)
                .patch(patch_user)
                .delete(delete_user),
        )
        .route("/scim/v2/Groups", get(list_groups).post(create_group))
        .route(
            "/scim/v2/Groups/{id}",
            get(get_group).put(replace_group).patch(patch_group),
        )
        .route(
            "/scim/v2/ServiceProviderConfig",
            get(service_provider_config),
        )
        .route("/scim/v2/Schemas", get(schemas))
        .route("/scim/v2/ResourceTypes", get(resource_types))
}

/// A SCIM answer: its JSON with SCIM's media type.
fn scim(status: StatusCode, body: Value) -> Response {
    let mut res = (status, axum::Json(body)).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/scim+json"),
    );
    res
}

/// A refusal in SCIM's error shape: the status as a string, `scimType`
/// when it has one.
#[derive(Debug)]
struct ScimError {
    status: StatusCode,
    scim_type: Option<&'static str>,
    detail: String,
}

type ScimResult = Result<Response, ScimError>;

impl ScimError {
    fn new(status: StatusCode, scim_type: Option<&'static str>, detail: impl Into<String>) -> Self {
        ScimError {
            status,
            scim_type,
            detail: detail.into(),
        }
    }

    fn syntax(detail: &str) -> Self {
        ScimError::new(StatusCode::BAD_REQUEST, Some("invalidSyntax"), detail)
    }
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        let mut body = json!({"schemas": [ERROR], "status": self.status.as_u16().to_string(), "detail": self.detail});
        if let Some(t) = self.scim_type {
            body["scimType"] = json!(t);
        }
        let mut res = scim(self.status, body);
        if self.status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"rapport SCIM\""),
            );
        }
        res
    }
}

impl From<AppError> for ScimError {
    fn from(e: AppError) -> Self {
        e.log();
        let scim_type = match &e {
            AppError::Conflict { .. } => Some("uniqueness"),
            AppError::Invalid(_) => Some("invalidValue"),
            _ => None,
        };
        let detail = match &e {
            AppError::NotFound => "no such user".to_string(),
            AppError::Unauthorized => "this provisioning token is not valid".to_string(),
            e if e.status().is_server_error() => "something went wrong on our side".to_string(),
            e => e.to_string(),
        };
        let status = match e.status() {
            StatusCode::UNPROCESSABLE_ENTITY => StatusCode::BAD_REQUEST,
            s => s,
        };
        ScimError::new(status, scim_type, detail)
    }
}

/// The organization whose directory is calling, from its bearer token.
async fn directory(state: &AppState, headers: &HeaderMap) -> Result<OrgId, ScimError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        return Err(ScimError::new(
            StatusCode::UNAUTHORIZED,
            None,
            "send the provisioning token as Authorization: Bearer",
        ));
    };
    Ok(service::directory(state, token).await?)
}

fn user(p: &Person) -> Value {
    json!({
        "schemas": [USER],
        "id": p.id.to_string(),
        "userName": p.email,
        "displayName": p.name,
        "name": {"formatted": p.name},
        "emails": [{"value": p.email, "type": "work", "primary": true}],
        "active": p.active,
        "meta": {
            "resourceType": "User",
            "created": p.created_at.to_rfc3339(),
            "location": format!("/scim/v2/Users/{}", p.id),
        },
    })
}

fn body(bytes: &Bytes) -> Result<Value, ScimError> {
    serde_json::from_slice(bytes).map_err(|_| ScimError::syntax("the body is not JSON"))
}

/// A boolean as directories send it: `false`, or Entra's `"False"`.
fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The name in a User: `displayName`, `name.formatted`, or given and
/// family names together.
fn name_of(v: &Value) -> Option<String> {
    if let Some(n) = v["displayName"].as_str().filter(|s| !s.trim().is_empty()) {
        return Some(n.to_string());
    }
    if let Some(n) = v["name"]["formatted"]
        .as_str()
        .filter(|s| !s.trim().is_empty())
    {
        return Some(n.to_string());
    }
    let parts: Vec<&str> = [&v["name"]["givenName"], &v["name"]["familyName"]]
        .into_iter()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.trim().is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn draft(v: &Value) -> UserDraft {
    UserDraft {
        user_name: v["userName"].as_str().unwrap_or_default().to_string(),
        name: name_of(v),
        active: boolean(&v["active"]),
    }
}

fn person_id(id: &str) -> Result<PersonId, ScimError> {
    PersonId::parse(id).ok_or_else(|| AppError::NotFound.into())
}

async fn create_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ScimResult {
    let org = directory(&state, &headers).await?;
    let p = service::create(&state, org, draft(&body(&bytes)?)).await?;
    let mut res = scim(StatusCode::CREATED, user(&p));
    if let Ok(loc) = HeaderValue::from_str(&format!("/scim/v2/Users/{}", p.id)) {
        res.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(res)
}

async fn get_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ScimResult {
    let org = directory(&state, &headers).await?;
    let p = service::user(&state, org, person_id(&id)?).await?;
    Ok(scim(StatusCode::OK, user(&p)))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListQuery {
    filter: Option<String>,
    start_index: Option<i64>,
    count: Option<i64>,
}

/// `userName eq "value"`: the one filter directories send to find a
/// person before creating them.
fn user_name_filter(filter: &str) -> Option<String> {
    attribute_filter(filter, "userName")
}

/// `ATTRIBUTE eq "value"`, the attribute's name in any case.
fn attribute_filter(filter: &str, wanted: &str) -> Option<String> {
    let mut parts = filter.trim().splitn(3, char::is_whitespace);
    let (attr, op, value) = (parts.next()?, parts.next()?, parts.next()?.trim());
    let value = value.strip_prefix('"')?.strip_suffix('"')?;
    (attr.eq_ignore_ascii_case(wanted) && op.eq_ignore_ascii_case("eq"))
        .then(|| value.replace("\\\"", "\""))
}

async fn list_users(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> ScimResult {
    let org = directory(&state, &headers).await?;
    let start = q.start_index.unwrap_or(1).max(1);
    let count = q.count.unwrap_or(100).clamp(0, MOST);
    let (people, total) = match q.filter.as_deref().filter(|f| !f.trim().is_empty()) {
        Some(f) => {
            let name = user_name_filter(f).ok_or_else(|| {
                ScimError::new(
                    StatusCode::BAD_REQUEST,
                    Some("invalidFilter"),
                    "only userName eq \"…\" is supported",
                )
            })?;
            let found: Vec<Person> = service::by_user_name(&state, org, &name)
                .await?
                .into_iter()
                .collect();
            let total = found.len() as i64;
            let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
            let take = usize::try_from(count).unwrap_or(0);
            (found.into_iter().skip(skip).take(take).collect(), total)
        }
        None => service::users(&state, org, start - 1, count).await?,
    };
    Ok(scim(
        StatusCode::OK,
        json!({
            "schemas": [LIST],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": people.len(),
            "Resources": people.iter().map(user).collect::<Vec<_>>(),
        }),
    ))
}

async fn replace_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> ScimResult {
    let org = directory(&state, &headers).await?;
    let id = person_id(&id)?;
    let d = draft(&body(&bytes)?);
    let active = Some(d.active.unwrap_or(true));
    let p = service::change(&state, org, id, d.name, active).await?;
    Ok(scim(StatusCode::OK, user(&p)))
}

/// The changes a PATCH asks for: `active` and the name. Entra ID sends
/// `{"op": "Replace", "path": "active", "value": "False"}`; Okta sends
/// `{"op": "replace", "value": {"active": false}}`. Attributes rapport does
/// not keep are accepted and ignored.
fn patch_changes(v: &Value) -> Result<(Option<String>, Option<bool>), ScimError> {
    let bad = ScimError::syntax;
    let schemas_ok = v["schemas"]
        .as_array()
        .is_some_and(|s| s.iter().any(|s| s.as_str() == Some(PATCH)));
    let Some(ops) = v["Operations"].as_array().filter(|_| schemas_ok) else {
        return Err(bad("a PATCH is a PatchOp message with Operations"));
    };
    let (mut name, mut active) = (None, None);
    for op in ops {
        let kind = op["op"].as_str().unwrap_or_default().to_ascii_lowercase();
        if kind != "replace" && kind != "add" {
            if kind == "remove" {
                continue;
            }
            return Err(bad("op must be add, replace or remove"));
        }
        let value = &op["value"];
        match op["path"].as_str() {
            None => {
                if let Some(a) = value.get("active").and_then(boolean) {
                    active = Some(a);
                }
                if let Some(n) = name_of(value) {
                    name = Some(n);
                }
            }
            Some(path) => match path.to_ascii_lowercase().as_str() {
                "active" => {
                    active =
                        Some(boolean(value).ok_or_else(|| bad("active must be true or false"))?);
                }
                "displayname" | "name.formatted" => name = value.as_str().map(str::to_string),
                _ => {}
            },
        }
    }
    Ok((name, active))
}

async fn patch_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> ScimResult {
    let org = directory(&state, &headers).await?;
    let id = person_id(&id)?;
    let (name, active) = patch_changes(&body(&bytes)?)?;
    let p = service::change(&state, org, id, name, active).await?;
    Ok(scim(StatusCode::OK, user(&p)))
}

/// A DELETE deactivates: the person's history stays.
async fn delete_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ScimResult {
    let org = directory(&state, &headers).await?;
    service::set_active(&state, org, person_id(&id)?, false).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn group(g: &Group) -> Value {
    json!({
        "schemas": [GROUP],
        "id": g.team.id.to_string(),
        "displayName": g.team.name,
        "members": g.members.iter().map(|p| json!({
            "value": p.id.to_string(),
            "display": p.name,
            "$ref": format!("/scim/v2/Users/{}", p.id),
        })).collect::<Vec<_>>(),
        "meta": {"resourceType": "Group", "location": format!("/scim/v2/Groups/{}", g.team.id)},
    })
}

fn team_id(id: &str) -> Result<TeamId, ScimError> {
    TeamId::parse(id).ok_or_else(|| AppError::NotFound.into())
}

/// Members as `[{"value": id}]`; an id that is nobody here is a 404.
fn member_ids(v: &Value) -> Result<Vec<PersonId>, ScimError> {
    let Some(list) = v.as_array() else {
        return Ok(Vec::new());
    };
    list.iter()
        .map(|m| {
            m["value"]
                .as_str()
                .and_then(PersonId::parse)
                .ok_or_else(|| {
                    ScimError::new(
                        StatusCode::BAD_REQUEST,
                        Some("invalidValue"),
                        "a member's value must be a user's id",
                    )
                })
        })
        .collect()
}

async fn create_group(
    State(state): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> ScimResult {
    let org = directory(&state, &headers).await?;
    let v = body(&bytes)?;
    let name = v["displayName"].as_str().unwrap_or_default();
    let g = service::create_group(&state, org, name, &member_ids(&v["members"])?).await?;
    Ok(scim(StatusCode::CREATED, group(&g)))
}

async fn get_group(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ScimResult {
    let org = directory(&state, &headers).await?;
    let g = service::group(&state, org, team_id(&id)?).await?;
    Ok(scim(StatusCode::OK, group(&g)))
}

async fn list_groups(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> ScimResult {
    let org = directory(&state, &headers).await?;
    let found = match q.filter.as_deref().filter(|f| !f.trim().is_empty()) {
        Some(f) => {
            let name = attribute_filter(f, "displayName").ok_or_else(|| {
                ScimError::new(
                    StatusCode::BAD_REQUEST,
                    Some("invalidFilter"),
                    "only displayName eq \"…\" is supported",
                )
            })?;
            service::group_named(&state, org, &name)
                .await?
                .into_iter()
                .collect()
        }
        None => service::groups(&state, org).await?,
    };
    Ok(scim(
        StatusCode::OK,
        json!({"schemas": [LIST], "totalResults": found.len(), "startIndex": 1,
               "itemsPerPage": found.len(), "Resources": found.iter().map(group).collect::<Vec<_>>()}),
    ))
}

/// A PUT gives the whole member list: those not in it leave the team.
async fn replace_group(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> ScimResult {
    let org = directory(&state, &headers).await?;
    let team = team_id(&id)?;
    let wanted = member_ids(&body(&bytes)?["members"])?;
    let now = service::group(&state, org, team).await?;
    let gone: Vec<PersonId> = now
        .members
        .iter()
        .map(|p| p.id)
        .filter(|p| !wanted.contains(p))
        .collect();
    let g = service::change_members(&state, org, team, &wanted, &gone).await?;
    Ok(scim(StatusCode::OK, group(&g)))
}

/// Members added and removed, in both vendors' shapes: `add` with a
/// `members` path or none, `remove` with `members[value eq "id"]` or a
/// value list. A new displayName is not applied (teams are renamed in
/// rapport).
async fn patch_group(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    bytes: Bytes,
) -> ScimResult {
    let org = directory(&state, &headers).await?;
    let team = team_id(&id)?;
    let v = body(&bytes)?;
    let Some(ops) = v["Operations"].as_array() else {
        return Err(ScimError::syntax(
            "a PATCH is a PatchOp message with Operations",
        ));
    };
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for op in ops {
        let kind = op["op"].as_str().unwrap_or_default().to_ascii_lowercase();
        let path = op["path"].as_str().unwrap_or_default();
        let value = &op["value"];
        let members = if path.is_empty() {
            &value["members"]
        } else {
            value
        };
        match (kind.as_str(), path.to_ascii_lowercase()) {
            ("add" | "replace", p) if p.is_empty() || p == "members" => {
                add.extend(member_ids(members)?)
            }
            ("remove", p) if p == "members" => remove.extend(member_ids(members)?),
            ("remove", p) if p.starts_with("members[") => {
                let inner = path.trim_start_matches("members[").trim_end_matches(']');
                let id = attribute_filter(inner, "value")
                    .and_then(|i| PersonId::parse(&i))
                    .ok_or_else(|| {
                        ScimError::new(
                            StatusCode::BAD_REQUEST,
                            Some("invalidPath"),
                            "members[value eq \"id\"] names one member",
                        )
                    })?;
                remove.push(id);
            }
            ("add" | "replace" | "remove", _) => {}
            _ => return Err(ScimError::syntax("op must be add, replace or remove")),
        }
    }
    let g = service::change_members(&state, org, team, &add, &remove).await?;
    Ok(scim(StatusCode::OK, group(&g)))
}

async fn service_provider_config(State(state): State<AppState>, headers: HeaderMap) -> ScimResult {
    directory(&state, &headers).await?;
    Ok(scim(
        StatusCode::OK,
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": {"supported": true},
            "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": true, "maxResults": MOST},
            "changePassword": {"supported": false},
            "sort": {"supported": false},
            "etag": {"supported": false},
            "authenticationSchemes": [{
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A provisioning token created by an admin (POST /api/v1/admin/scim-tokens)",
                "primary": true,
            }],
            "meta": {"resourceType": "ServiceProviderConfig", "location": "/scim/v2/ServiceProviderConfig"},
        }),
    ))
}

async fn schemas(State(state): State<AppState>, headers: HeaderMap) -> ScimResult {
    directory(&state, &headers).await?;
    let attr = |name: &str, kind: &str, required: bool, uniqueness: &str| {
        json!({"name": name, "type": kind, "multiValued": false, "required": required,
               "caseExact": false, "mutability": "readWrite", "returned": "default",
               "uniqueness": uniqueness})
    };
    let user_schema = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": USER,
        "name": "User",
        "description": "A person of the organization",
        "attributes": [
            attr("userName", "string", true, "server"),
            attr("displayName", "string", false, "none"),
            attr("active", "boolean", false, "none"),
        ],
        "meta": {"resourceType": "Schema", "location": format!("/scim/v2/Schemas/{USER}")},
    });
    Ok(scim(
        StatusCode::OK,
        json!({"schemas": [LIST], "totalResults": 1, "startIndex": 1, "itemsPerPage": 1,
               "Resources": [user_schema]}),
    ))
}

async fn resource_types(State(state): State<AppState>, headers: HeaderMap) -> ScimResult {
    directory(&state, &headers).await?;
    let user_type = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "schema": USER,
        "meta": {"resourceType": "ResourceType", "location": "/scim/v2/ResourceTypes/User"},
    });
    let group_type = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "Group",
        "name": "Group",
        "endpoint": "/Groups",
        "description": "A team of the organization; a person is in one team",
        "schema": GROUP,
        "meta": {"resourceType": "ResourceType", "location": "/scim/v2/ResourceTypes/Group"},
    });
    Ok(scim(
        StatusCode::OK,
        json!({"schemas": [LIST], "totalResults": 2, "startIndex": 1, "itemsPerPage": 2,
               "Resources": [user_type, group_type]}),
    ))
}
