//! Uses the Zoom users client that `build.rs` generates from the Postman collection
//! `collections/zoom-users.postman_collection.json`, step by step, against a stand-in of
//! Zoom's API on loopback (`src/zoom_server.rs`).
//!
//! Against Zoom itself, leave the server out and make the client with your OAuth access token:
//! `Client::new(token)` sends requests to `https://api.zoom.us/v2`, the collection's base URL.
//!
//! Each step checks that the server answered as expected; if not, the program says what
//! happened and exits with status 1.

mod zoom_server;

use std::process::ExitCode;
use std::time::Instant;

// The generated client. A binary uses only some of its items, and rustc would warn about
// every other one: hence the module and its `allow`.
#[allow(dead_code, unused_imports)]
mod api {
    include!(concat!(env!("OUT_DIR"), "/collections.rs"));
}

use api::zoom_users::{
    Client, CreateUsersAction, CreateUsersError, CreateUsersRequest, CreateUsersUserInfo,
    ListUsersOptions, RetryPolicy, UpdateUserStatusAction, UpdateUserStatusRequest,
};

/// The bearer token the stand-in accepts. With Zoom, this is your OAuth access token: read it
/// from the environment or a secret store, never from the source.
const TOKEN: &str = "example-token";

type Error = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => {
            println!("\nEvery step answered as expected.");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("\nerror: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Error> {
    let server = zoom_server::start(TOKEN).await?;
    println!("A Zoom stand-in listens at {}", server.base_url);

    // One client for the whole program: it is cheap to clone and reuses connections.
    // `RetryPolicy::default()` sends an idempotent request (GET, PUT, DELETE, ...) up to 3 times
    // after a 429 or a 503, waiting what the server's `Retry-After` says. A POST such as
    // `create_users` is sent once: the server may have acted on it before failing.
    let client = Client::new(TOKEN)
        .with_base_url(&server.base_url)
        .with_retry(RetryPolicy::default());

    // 1. Create a user. `with_meta()` gives the status and headers along with the new user.
    println!("\n1. Create ada@example.com");
    let ada = new_user("ada@example.com", "Ada", "Lovelace");
    let created = client.create_users(&ada).with_meta().await?;
    let user = &created.value;
    println!(
        "   HTTP {}: created {} {} <{}>, id {}",
        created.status, user.first_name, user.last_name, user.email, user.id
    );
    if created.status != 201 {
        return Err(format!("expected HTTP 201, got {}", created.status).into());
    }

    // 2. Create the same user again. Each documented error status is a variant of the request's
    //    error enum: Zoom answers 409 when the email is taken, and it comes as `Conflict`, with
    //    Zoom's error code and message read from the body.
    println!("\n2. Create ada@example.com again");
    match client.create_users(&ada).await {
        Err(CreateUsersError::Conflict(response)) => println!(
            "   HTTP {}: Conflict, Zoom code {}: {}",
            response.status,
            response.code.unwrap_or_default(),
            response.message.as_deref().unwrap_or_default()
        ),
        Ok(user) => return Err(format!("expected a 409, but user {} was created", user.id).into()),
        Err(other) => return Err(format!("expected a 409, got: {other}").into()),
    }

    // 3. Deactivate the user. The id is a path segment: the client percent-encodes it.
    println!("\n3. Deactivate {}", user.id);
    let deactivate = UpdateUserStatusRequest {
        action: UpdateUserStatusAction::Deactivate,
    };
    let changed = client
        .update_user_status(&user.id, &deactivate)
        .with_meta()
        .await?;
    println!(
        "   HTTP {}: deactivated, in {} attempt",
        changed.status, changed.attempts
    );
    if changed.status != 204 {
        return Err(format!("expected HTTP 204, got {}", changed.status).into());
    }

    // 4. Reactivate the user at once. The stand-in allows one status change per user and
    //    second, as Zoom's rate limits do on a larger scale: it answers 429 with
    //    `Retry-After: 1`. The client's retry policy waits that second and sends the request
    //    again; `attempts` says how many times it was sent.
    println!("\n4. Reactivate {} at once", user.id);
    let activate = UpdateUserStatusRequest {
        action: UpdateUserStatusAction::Activate,
    };
    let started = Instant::now();
    let changed = client
        .update_user_status(&user.id, &activate)
        .with_meta()
        .await?;
    println!(
        "   HTTP {}: reactivated after {} attempts, in {:.1} s",
        changed.status,
        changed.attempts,
        started.elapsed().as_secs_f64()
    );
    if (changed.status, changed.attempts) != (204, 2) {
        return Err(format!(
            "expected HTTP 204 after the server's 429 and one retry (2 attempts), \
             got HTTP {} after {} attempts",
            changed.status, changed.attempts
        )
        .into());
    }

    // 5. List the active users, two a page. `list_users_stream` is a stream of the users of
    //    every page: the first page is fetched when the first user is asked for, the next one
    //    when the users of the one before are used up (with Zoom's `next_page_token`), and the
    //    stream ends after the last page. `.next().await` needs no other crate; `StreamExt`
    //    from `futures` works on it too.
    println!("\n5. List the active users, two a page");
    let options = ListUsersOptions {
        page_size: Some("2".to_owned()),
        ..Default::default()
    };
    let mut users = client.list_users_stream(&options);
    let mut emails = Vec::new();
    while let Some(user) = users.next().await {
        let user = user?;
        println!("   {} {} <{}>", user.first_name, user.last_name, user.email);
        emails.push(user.email);
    }
    // Three users the stand-in starts with, and ada, active again since step 4.
    if emails.len() != 4 || !emails.iter().any(|email| email == "ada@example.com") {
        return Err(format!("expected 4 active users, ada among them; got {emails:?}").into());
    }

    Ok(())
}

/// The body of `create_users`: the collection documents `action` as one of a list (an enum
/// here), and `user_info` as JSON whose fields are all optional.
fn new_user(email: &str, first_name: &str, last_name: &str) -> CreateUsersRequest {
    CreateUsersRequest {
        action: CreateUsersAction::Create,
        user_info: Some(CreateUsersUserInfo {
            email: Some(email.to_owned()),
            first_name: Some(first_name.to_owned()),
            last_name: Some(last_name.to_owned()),
            r#type: Some(1),
            ..Default::default()
        }),
    }
}
