//! Serving a course's media files (videos, captions, posters) with HTTP
//! range requests, so a browser can seek in a video without downloading
//! all of it, and with validators, so it does not download it twice.
//!
//! Self-contained: [`respond`] turns the file and the request's method and
//! headers into a response, and knows nothing of routes or courses; the
//! route is `GET|HEAD /courses/{slug}/media/{*file}` in `web/learning.rs`.
//!
//! Only one range per request is honoured; a request for several gets the
//! whole file (a server may always ignore `Range`), since players ask for one.

use std::fmt::Write as _;
use std::path::Path;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::learning::MediaSource;

/// How long browsers and caches may keep a file before asking again (one
/// day); the ETag makes asking again cheap.
pub const CACHE_CONTROL: &str = "public, max-age=86400";

/// A file to serve: its bytes, its type and its entity tag.
#[derive(Debug, Clone)]
pub struct Media {
    pub bytes: Bytes,
    pub content_type: &'static str,
    /// A strong entity tag, quoted: `"…"`.
    pub etag: String,
}

impl Media {
    /// A file from its bytes; the ETag is a digest of them, so it changes
    /// exactly when the content does.
    pub fn new(bytes: Bytes, content_type: &'static str) -> Self {
        let digest = Sha256::digest(&bytes);
        let mut etag = String::from("\"");
        for b in &digest[..12] {
            let _ = write!(etag, "{b:02x}");
        }
        etag.push('"');
        Media {
            bytes,
            content_type,
            etag,
        }
    }

    /// The file a [`MediaSource`] names (read on a blocking thread when it
    /// is on disk); its type comes from `name`'s extension.
    pub async fn load(source: MediaSource, name: &str) -> std::io::Result<Self> {
        let content_type = content_type(name).unwrap_or("application/octet-stream");
        let bytes = match source {
            MediaSource::Static(bytes) => Bytes::from_static(bytes),
            MediaSource::File(path) => read(path).await?,
        };
        Ok(Media::new(bytes, content_type))
    }
}

async fn read(path: std::path::PathBuf) -> std::io::Result<Bytes> {
    tokio::task::spawn_blocking(move || std::fs::read(path).map(Bytes::from))
        .await
        .map_err(std::io::Error::other)?
}

/// The media type of a course media file, by extension.
pub fn content_type(name: &str) -> Option<&'static str> {
    let extension = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "webm" => "video/webm",
        "mp4" => "video/mp4",
        "ogv" => "video/ogg",
        "vtt" => "text/vtt; charset=utf-8",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => return None,
    })
}

/// The response to a GET or HEAD for `media`: 304 when `If-None-Match`
/// matches, 206 with `Content-Range` for one satisfiable range, 416 with
/// `Content-Range: bytes */LEN` for an unsatisfiable one, else 200 with the
/// whole file. HEAD gets the same headers and no body; other methods 405.
pub fn respond(media: &Media, method: &Method, headers: &HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let len = media.bytes.len() as u64;
    let mut response = Response::builder()
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::ETAG, &media.etag)
        .header(header::CACHE_CONTROL, CACHE_CONTROL)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| etag_matches(v, &media.etag))
    {
        return finish(response.status(StatusCode::NOT_MODIFIED), Body::empty());
    }
    response = response.header(header::CONTENT_TYPE, media.content_type);
    // A Range that comes with an If-Range for another version is ignored.
    let range = headers.get(header::RANGE).filter(|_| {
        headers
            .get(header::IF_RANGE)
            .is_none_or(|v| v.as_bytes() == media.etag.as_bytes())
    });
    let (status, start, end) = match range.map(|r| parse_range(r, len)) {
        None | Some(Range::Ignored) => (StatusCode::OK, 0, len),
        Some(Range::Unsatisfiable) => {
            let response = response
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(header::CONTENT_RANGE, format!("bytes */{len}"))
                .header(header::CONTENT_LENGTH, 0);
            return finish(response, Body::empty());
        }
        Some(Range::Bytes { start, end }) => {
            response = response.header(
                header::CONTENT_RANGE,
                format!("bytes {start}-{}/{len}", end - 1),
            );
            (StatusCode::PARTIAL_CONTENT, start, end)
        }
    };
    let response = response
        .status(status)
        .header(header::CONTENT_LENGTH, end - start);
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        // Invariant: `start <= end <= len`, checked by `parse_range`, and
        // `len` is the slice's length, so these conversions are exact.
        Body::from(
            media
                .bytes
                .slice(usize::try_from(start).unwrap_or(0)..usize::try_from(end).unwrap_or(0)),
        )
    };
    finish(response, body)
}

fn finish(builder: axum::http::response::Builder, body: Body) -> Response {
    // Every header value above is ASCII made here, so building cannot fail;
    // if it ever did, a 500 is the honest answer.
    builder
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// What a `Range` header asks for, against a file of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
enum Range {
    /// Bytes `start..end` (end exclusive, within the file).
    Bytes { start: u64, end: u64 },
    /// Syntactically fine but outside the file: 416.
    Unsatisfiable,
    /// Not a single byte range we understand: serve the whole file.
    Ignored,
}

/// `bytes=FIRST-LAST`, `bytes=FIRST-` or `bytes=-SUFFIX` (RFC 9110 §14.1.2).
fn parse_range(value: &HeaderValue, len: u64) -> Range {
    let Some(spec) = value.to_str().ok().and_then(|v| {
        let (unit, spec) = v.trim().split_once('=')?;
        unit.trim()
            .eq_ignore_ascii_case("bytes")
            .then_some(spec.trim())
    }) else {
        return Range::Ignored;
    };
    if spec.contains(',') {
        return Range::Ignored;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Range::Ignored;
    };
    let (first, last) = (first.trim(), last.trim());
    let number = |s: &str| -> Option<u64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    if first.is_empty() {
        // A suffix: the last N bytes.
        return match number(last) {
            None => Range::Ignored,
            Some(0) => Range::Unsatisfiable,
            Some(_) if len == 0 => Range::Unsatisfiable,
            Some(n) => Range::Bytes {
                start: len.saturating_sub(n),
                end: len,
            },
        };
    }
    let Some(start) = number(first) else {
        return Range::Ignored;
    };
    let last = match (last.is_empty(), number(last)) {
        (true, _) => None,
        (false, Some(n)) if n >= start => Some(n),
        (false, _) => return Range::Ignored,
    };
    if start >= len {
        return Range::Unsatisfiable;
    }
    Range::Bytes {
        start,
        end: last.map_or(len, |l| l.min(len - 1) + 1),
    }
}

/// `If-None-Match: *` or a list holding our tag (weak comparison).
fn etag_matches(value: &HeaderValue, etag: &str) -> bool {
    let Ok(value) = value.to_str() else {
        return false;
    };
    value.trim() == "*"
        || value
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: a panic is the failure report

    use super::*;

    /// 1000 bytes: byte i is i % 251, so a slice shows where it came from.
    fn media() -> Media {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
        Media::new(Bytes::from(bytes), "video/webm")
    }

    fn request(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    async fn get(pairs: &[(header::HeaderName, &str)]) -> (StatusCode, HeaderMap, Vec<u8>) {
        send(Method::GET, pairs).await
    }

    async fn send(
        method: Method,
        pairs: &[(header::HeaderName, &str)],
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        let response = respond(&media(), &method, &request(pairs));
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        (parts.status, parts.headers, body.to_vec())
    }

    fn expected(range: std::ops::Range<u32>) -> Vec<u8> {
        range.map(|i| (i % 251) as u8).collect()
    }

    /// No Range: the whole file, with everything a player and a cache need.
    #[tokio::test]
    async fn a_plain_get_is_200_with_the_whole_file_and_its_validators() {
        let (status, headers, body) = get(&[]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, expected(0..1000));
        assert_eq!(headers[header::ACCEPT_RANGES], "bytes");
        assert_eq!(headers[header::CONTENT_LENGTH], "1000");
        assert_eq!(headers[header::CONTENT_TYPE], "video/webm");
        assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=86400");
        let etag = headers[header::ETAG].to_str().unwrap();
        assert!(
            etag.starts_with('"') && etag.ends_with('"') && etag.len() == 26,
            "{etag}"
        );
        assert_eq!(etag, media().etag, "the same bytes, the same tag");
        assert!(!headers.contains_key(header::CONTENT_RANGE));
    }

    /// `bytes=0-99`: the first hundred bytes.
    #[tokio::test]
    async fn the_first_bytes_are_206_with_content_range() {
        let (status, headers, body) = get(&[(header::RANGE, "bytes=0-99")]).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(headers[header::CONTENT_RANGE], "bytes 0-99/1000");
        assert_eq!(headers[header::CONTENT_LENGTH], "100");
        assert_eq!(headers[header::ACCEPT_RANGES], "bytes");
        assert_eq!(body, expected(0..100));
    }

    /// A range in the middle, and one running past the end (clipped).
    #[tokio::test]
    async fn a_middle_range_is_206_and_a_long_one_is_clipped() {
        let (status, headers, body) = get(&[(header::RANGE, "bytes=250-749")]).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(headers[header::CONTENT_RANGE], "bytes 250-749/1000");
        assert_eq!(body, expected(250..750));
        let (_, headers, body) = get(&[(header::RANGE, "bytes=990-5000")]).await;
        assert_eq!(headers[header::CONTENT_RANGE], "bytes 990-999/1000");
        assert_eq!(body, expected(990..1000));
    }

    /// `bytes=500-`: from 500 to the end.
    #[tokio::test]
    async fn an_open_ended_range_runs_to_the_end() {
        let (status, headers, body) = get(&[(header::RANGE, "bytes=500-")]).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(headers[header::CONTENT_RANGE], "bytes 500-999/1000");
        assert_eq!(headers[header::CONTENT_LENGTH], "500");
        assert_eq!(body, expected(500..1000));
    }

    /// `bytes=-100`: the last hundred bytes; a suffix longer than the file is all of it.
    #[tokio::test]
    async fn a_suffix_range_is_the_last_bytes() {
        let (status, headers, body) = get(&[(header::RANGE, "bytes=-100")]).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(headers[header::CONTENT_RANGE], "bytes 900-999/1000");
        assert_eq!(body, expected(900..1000));
        let (_, headers, body) = get(&[(header::RANGE, "bytes=-5000")]).await;
        assert_eq!(headers[header::CONTENT_RANGE], "bytes 0-999/1000");
        assert_eq!(body.len(), 1000);
    }

    /// A range that starts past the end, or an empty suffix: 416 with the length.
    #[tokio::test]
    async fn an_unsatisfiable_range_is_416_with_the_length() {
        for range in ["bytes=1000-", "bytes=5000-6000", "bytes=-0"] {
            let (status, headers, body) = get(&[(header::RANGE, range)]).await;
            assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE, "{range}");
            assert_eq!(headers[header::CONTENT_RANGE], "bytes */1000", "{range}");
            assert!(body.is_empty());
        }
    }

    /// Ranges we do not serve (other units, several ranges, nonsense): the whole file.
    #[tokio::test]
    async fn other_ranges_are_ignored_and_the_whole_file_sent() {
        for range in [
            "items=0-1",
            "bytes=0-1,5-6",
            "bytes=9-3",
            "bytes=a-b",
            "bytes=5",
        ] {
            let (status, _, body) = get(&[(header::RANGE, range)]).await;
            assert_eq!(status, StatusCode::OK, "{range}");
            assert_eq!(body.len(), 1000, "{range}");
        }
    }

    /// A matching If-None-Match is 304 without a body; another tag is a 200.
    #[tokio::test]
    async fn a_matching_if_none_match_is_304() {
        let etag = media().etag;
        for value in [
            etag.clone(),
            format!("\"other\", W/{etag}"),
            "*".to_string(),
        ] {
            let (status, headers, body) = get(&[(header::IF_NONE_MATCH, &value)]).await;
            assert_eq!(status, StatusCode::NOT_MODIFIED, "{value}");
            assert_eq!(headers[header::ETAG], etag.as_str());
            assert!(body.is_empty());
        }
        let (status, _, _) = get(&[(header::IF_NONE_MATCH, "\"other\"")]).await;
        assert_eq!(status, StatusCode::OK);
    }

    /// If-Range for an old version: the Range is ignored and the new file sent whole.
    #[tokio::test]
    async fn if_range_for_another_version_sends_the_whole_file() {
        let (status, _, body) =
            get(&[(header::RANGE, "bytes=0-9"), (header::IF_RANGE, "\"old\"")]).await;
        assert_eq!((status, body.len()), (StatusCode::OK, 1000));
        let etag = media().etag;
        let (status, _, body) =
            get(&[(header::RANGE, "bytes=0-9"), (header::IF_RANGE, &etag)]).await;
        assert_eq!((status, body.len()), (StatusCode::PARTIAL_CONTENT, 10));
    }

    /// HEAD: the same status and headers, no body.
    #[tokio::test]
    async fn head_has_the_headers_and_no_body() {
        let (status, headers, body) = send(Method::HEAD, &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CONTENT_LENGTH], "1000");
        assert!(body.is_empty());
        let (status, headers, body) = send(Method::HEAD, &[(header::RANGE, "bytes=0-99")]).await;
        assert_eq!(status, StatusCode::PARTIAL_CONTENT);
        assert_eq!(headers[header::CONTENT_LENGTH], "100");
        assert!(body.is_empty());
        let (status, headers, _) = send(Method::POST, &[]).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(headers[header::ALLOW], "GET, HEAD");
    }

    /// The types of the files a course video names.
    #[test]
    fn media_types_come_from_the_extension() {
        assert_eq!(content_type("media/part-1.webm"), Some("video/webm"));
        assert_eq!(content_type("a.VTT"), Some("text/vtt; charset=utf-8"));
        assert_eq!(content_type("poster.jpg"), Some("image/jpeg"));
        assert_eq!(content_type("x.exe"), None);
        assert_eq!(content_type("noext"), None);
    }

    /// The built-in course's files load from the binary with their type.
    #[tokio::test]
    async fn built_in_media_load_from_the_catalog() {
        let (catalog, _) = crate::learning::Catalog::load(None);
        let slug = crate::learning::BUILTIN_SLUG;
        let source = catalog.media(slug, "media/preview.webm").unwrap();
        let media = Media::load(source, "media/preview.webm").await.unwrap();
        assert_eq!(media.content_type, "video/webm");
        assert!(
            media.bytes.starts_with(b"\x1a\x45\xdf\xa3"),
            "an EBML header"
        );
        let vtt = catalog.media(slug, "media/part-2.vtt").unwrap();
        let vtt = Media::load(vtt, "media/part-2.vtt").await.unwrap();
        assert!(vtt.bytes.starts_with(b"WEBVTT"));
        assert!(
            catalog.media(slug, "part-1.md").is_none(),
            "lessons are not media"
        );
        assert!(catalog.media(slug, "media/nothing.webm").is_none());
    }
}
