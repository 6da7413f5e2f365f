//! `spawn_app`: a running server with an organization, an admin and a
//! member who can sign in, and clients for each.

use rapport::{Application, Config};
use rapport_core::{Email, Name, Role, Slug};
use rapport_store::test_db::TestDb;
use rapport_store::{NewPerson, Store};
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub address: String,
    /// The server's clock: move it forward instead of sleeping.
    pub clock: rapport::app::Clock,
    /// The running server's state, to call operations and jobs directly.
    pub state: rapport::AppState,
    pub store: Store,
    pub org: rapport_core::OrgId,
    pub admin_email: String,
    pub member_email: String,
    db: Option<TestDb>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    let db = match TestDb::postgres().await {
        Some(pg) => pg,
        None => TestDb::sqlite(),
    };
    let mut config = Config::new("127.0.0.1:0".into(), db.url.clone());
    tweak(&mut config);
    let app = Application::build(config).await.expect("the server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let store = app.state.store.clone();
    let clock = app.state.clock.clone();
    let state = app.state.clone();
    tokio::spawn(app.run_until_stopped());
    let org = store
        .create_org(&Slug::parse("acme").unwrap(), "Acme", chrono::Utc::now())
        .await
        .unwrap()
        .id;
    let t = TestApp {
        address,
        clock,
        state,
        store,
        org,
        admin_email: "admin@acme.example".into(),
        member_email: "member@acme.example".into(),
        db: Some(db),
    };
    t.add_person(org, &t.admin_email, "Alice Admin", Role::Admin)
        .await;
    t.add_person(org, &t.member_email, "Mo Member", Role::Member)
        .await;
    t
}

impl TestApp {
    /// The database URL, for tests that must reach under the store.
    pub fn database_url(&self) -> Option<&str> {
        self.db.as_ref().map(|d| d.url.as_str())
    }

    /// Adds a person who can sign in with [`PASSWORD`].
    pub async fn add_person(
        &self,
        org: rapport_core::OrgId,
        email: &str,
        name: &str,
        role: Role,
    ) -> rapport_core::PersonId {
        self.add_person_in(org, email, name, role, None).await
    }

    /// Adds a person of a team who can sign in with [`PASSWORD`].
    pub async fn add_person_in(
        &self,
        org: rapport_core::OrgId,
        email: &str,
        name: &str,
        role: Role,
        team: Option<rapport_core::TeamId>,
    ) -> rapport_core::PersonId {
        let mut p = NewPerson::basic(
            Email::parse(email).unwrap(),
            Name::parse(name).unwrap(),
            role,
        );
        p.team_id = team;
        p.password_hash = Some(password_hash());
        self.store
            .create_person(org, &p, chrono::Utc::now())
            .await
            .unwrap()
            .id
    }

    /// A second organization with one member, for isolation tests.
    pub async fn other_org(&self) -> (rapport_core::OrgId, rapport_core::PersonId) {
        let org = self
            .store
            .create_org(
                &Slug::parse("globex").unwrap(),
                "Globex",
                chrono::Utc::now(),
            )
            .await
            .unwrap()
            .id;
        let person = self
            .add_person(org, "hank@globex.example", "Hank Scorpio", Role::Admin)
            .await;
        (org, person)
    }

    /// Another instance of rapport on the same database, as behind a load
    /// balancer (background jobs off, the same time): its address.
    pub async fn second_instance(&self) -> String {
        let url = self.database_url().expect("the database is still there");
        let mut config = Config::new("127.0.0.1:0".into(), url.to_string());
        config.background_jobs = false;
        let app = Application::build(config)
            .await
            .expect("the second server starts");
        // Its clock reads what this one's does (tests move this one).
        app.state.clock.set(self.clock.now());
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        address
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A client with a cookie jar, signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Client {
        let client = Client::builder().cookie_store(true).build().unwrap();
        let res = client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "sign-in as {email}");
        client
    }

    pub async fn admin(&self) -> Client {
        self.signed_in(&self.admin_email.clone()).await
    }

    pub async fn member(&self) -> Client {
        self.signed_in(&self.member_email.clone()).await
    }

    pub fn anonymous(&self) -> Client {
        Client::builder().cookie_store(true).build().unwrap()
    }
}

/// One Argon2 hash of [`PASSWORD`], shared by every test person.
pub fn password_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        // The tests' password follows the same rule as everyone's.
        let password = rapport_core::Password::parse(PASSWORD).unwrap();
        rapport::app::secrets::hash_password_blocking(&password).unwrap()
    })
    .clone()
}

/// A client that shows redirects instead of following them.
pub fn no_redirects() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The status and text of a GET of `url` as `who` (a page, an SVG).
pub async fn page(who: &Client, url: &str) -> (StatusCode, String) {
    let res = who.get(url).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// The status and JSON body of a response.
pub async fn json(res: Response) -> (StatusCode, Value) {
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Asserts the one error shape and returns its code.
pub fn error_code(body: &Value) -> &str {
    let code = body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error body: {body}"));
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "an error has a message: {body}"
    );
    code
}
