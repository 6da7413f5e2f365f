//! The Slack app manifest (`rapport slack manifest --public-url URL`):
//! pasted into "Create an app → From an app manifest" at api.slack.com, it
//! sets up the slash command, the message shortcut, interactivity, the
//! Events API address and the bot's scopes.

use serde_json::{Value, json};

/// The manifest for a rapport reachable at `public_url`.
pub fn manifest(public_url: &str) -> Value {
    let base = public_url.trim_end_matches('/');
    json!({
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": "rapport",
            "description": "Thank, ask for help and delegate without leaving Slack",
            "background_color": "#2b4c7e"
        },
        "features": {
            "bot_user": {"display_name": "rapport", "always_online": false},
            "slash_commands": [{
                "command": "/rapport",
                "url": format!("{base}/slack/commands"),
                "description": "Thank someone, ask for help, delegate, or see your next step",
                "usage_hint": "thanks @someone for the review",
                "should_escape": true
            }],
            "shortcuts": [{
                "name": "Thank for this",
                "type": "message",
                "callback_id": "thank_for_this",
                "description": "Thank the author of this message in rapport"
            }]
        },
        "oauth_config": {
            "scopes": {"bot": ["commands", "chat:write", "im:write", "users:read", "users:read.email"]}
        },
        "settings": {
            "event_subscriptions": {
                "request_url": format!("{base}/slack/events"),
                "bot_events": ["app_home_opened"]
            },
            "interactivity": {
                "is_enabled": true,
                "request_url": format!("{base}/slack/interactions")
            },
            "org_deploy_enabled": false,
            "socket_mode_enabled": false,
            "token_rotation_enabled": false
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_points_every_address_at_the_public_url() {
        let m = manifest("https://rapport.example.com/");
        assert_eq!(
            m["features"]["slash_commands"][0]["url"],
            "https://rapport.example.com/slack/commands"
        );
        assert_eq!(
            m["settings"]["interactivity"]["request_url"],
            "https://rapport.example.com/slack/interactions"
        );
        assert_eq!(
            m["settings"]["event_subscriptions"]["request_url"],
            "https://rapport.example.com/slack/events"
        );
        let scopes = m["oauth_config"]["scopes"]["bot"].to_string();
        assert!(scopes.contains("users:read.email") && scopes.contains("chat:write"));
    }
}
