//! A customer's TwiML server for the checker's tests: axum on a loopback
//! address and port 0, answering a small IVR (a main menu with a
//! `<Gather>`, a sub-menu, goodbye), a Kazoo JSON node, a `<Redirect>`
//! loop and a redirect elsewhere, a Gather without `action`, a Redirect
//! to a private address, an element Kazoo cannot run, an answer over
//! 1 MiB, a large menu and a slow answer; it records every request it
//! gets.

use std::{
    collections::BTreeMap,
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, Method, StatusCode, Uri},
    response::{IntoResponse, Response},
    routing::any,
    Router,
};

/// One request as the server got it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: Method,
    pub path: String,
    pub content_type: Option<String>,
    /// Query and form parameters together.
    pub params: BTreeMap<String, String>,
    /// The query as sent (empty without one).
    pub query: String,
}

/// A running test server.
pub struct TwimlServer {
    pub addr: SocketAddr,
    got: Arc<Mutex<Vec<Received>>>,
}

#[derive(Clone)]
struct Shared {
    got: Arc<Mutex<Vec<Received>>>,
    /// Where `/elsewhere` redirects to.
    elsewhere: Option<String>,
}

const MAIN_MENU: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather action="/menu" numDigits="1" timeout="5">
    <Say>Welcome. Press 1 for sales, 2 for support.</Say>
  </Gather>
  <Say>We did not get that.</Say>
  <Redirect>/ivr</Redirect>
</Response>"#;

const SALES: &str = r#"<Response>
  <Gather action="sales" numDigits="1">
    <Say>Sales. Press 9 to leave a goodbye.</Say>
  </Gather>
</Response>"#;

const GOODBYE: &str = r#"<Response>
  <Say>Goodbye.</Say>
  <Hangup/>
</Response>"#;

const TO_SUPPORT: &str = r#"<Response><Redirect method="GET">/kazoo</Redirect></Response>"#;

const KAZOO_NODE: &str =
    r#"{"module": "tts", "data": {"text": "Support is closed today."}, "children": {}}"#;

const LOOP: &str = r#"<Response><Redirect>/loop</Redirect></Response>"#;

/// A Gather without `action`: the keys go to the URL that answered (by
/// GET here, so they travel in the query).
const NO_ACTION: &str = r#"<Response>
  <Gather method="GET" numDigits="1"><Say>Press any key.</Say></Gather>
</Response>"#;

const TO_PRIVATE: &str = r#"<Response><Redirect>http://10.0.0.1/ivr</Redirect></Response>"#;

/// `<Pay>`: an element Kazoo cannot run, after a Say.
const CRASH: &str = r#"<Response>
  <Say>Before the crash.</Say>
  <Pay/>
</Response>"#;

/// A Gather in an answer past what a walk keeps while it waits.
fn big_menu() -> String {
    format!(
        "<Response><Gather action=\"/menu\" numDigits=\"1\"><Say>Press 1.</Say></Gather>\
         <Say>{}</Say></Response>",
        "x".repeat(app::checker::walk::WAITING_BODY_MAX)
    )
}

/// An answer longer than the checker reads (1 MiB).
fn huge() -> String {
    format!(
        "<Response><Say>{}</Say></Response>",
        "y".repeat(app::checker::outbound::MAX_BODY_BYTES)
    )
}

impl TwimlServer {
    /// Starts on `ip` (a loopback address), port 0.
    pub async fn start(ip: &str) -> Self {
        Self::start_with(ip, None).await
    }

    /// Starts on `ip`; `/elsewhere` answers 302 to `elsewhere`.
    pub async fn start_with(ip: &str, elsewhere: Option<String>) -> Self {
        let got = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            got: Arc::clone(&got),
            elsewhere,
        };
        let router = Router::new().fallback(any(answer)).with_state(shared);
        let listener = tokio::net::TcpListener::bind(format!("{ip}:0"))
            .await
            .expect("a loopback address to listen on");
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Self { addr, got }
    }

    /// `http://<addr><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Every request so far.
    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

async fn answer(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut params = query;
    if content_type.as_deref() == Some("application/x-www-form-urlencoded") {
        params.extend(form_urlencoded::parse(body.as_bytes()).into_owned());
    }
    let digits = params.get("Digits").cloned().unwrap_or_default();
    shared.got.lock().unwrap().push(Received {
        method,
        path: uri.path().to_owned(),
        content_type,
        params,
        query: uri.query().unwrap_or_default().to_owned(),
    });
    let xml = |body: &'static str| ([(header::CONTENT_TYPE, "text/xml")], body).into_response();
    match uri.path() {
        "/ivr" => xml(MAIN_MENU),
        "/menu" if digits == "1" => xml(SALES),
        "/menu" if digits == "2" => xml(TO_SUPPORT),
        "/menu" => xml(MAIN_MENU),
        "/sales" => xml(GOODBYE),
        "/kazoo" => ([(header::CONTENT_TYPE, "application/json")], KAZOO_NODE).into_response(),
        "/loop" => xml(LOOP),
        "/noaction" => xml(NO_ACTION),
        "/to-private" => xml(TO_PRIVATE),
        "/crash" => xml(CRASH),
        "/big-menu" => ([(header::CONTENT_TYPE, "text/xml")], big_menu()).into_response(),
        "/huge" => ([(header::CONTENT_TYPE, "text/xml")], huge()).into_response(),
        "/slow" => {
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            xml(GOODBYE)
        }
        "/html" => ([(header::CONTENT_TYPE, "text/html")], GOODBYE).into_response(),
        "/elsewhere" => match shared.elsewhere {
            Some(to) => (StatusCode::FOUND, [(header::LOCATION, to)]).into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        },
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
