//! What the signing schemes share: clocks, nonces, encodings and MACs.

#[cfg(any(
    feature = "oauth1",
    feature = "aws-sigv4",
    feature = "hawk",
    feature = "edgegrid"
))]
use hmac::{Hmac, Mac};

#[cfg(any(
    feature = "oauth1",
    feature = "aws-sigv4",
    feature = "hawk",
    feature = "edgegrid"
))]
/// Seconds since the Unix epoch (0 if the clock is before it).
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(any(feature = "aws-sigv4", feature = "edgegrid"))]
/// The UTC date and time of `secs` since the epoch: (year, month, day, hour, minute, second).
pub(crate) fn utc(secs: u64) -> (i64, u32, u32, u32, u32, u32) {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let small = |n: i64| u32::try_from(n).unwrap_or(0);
    let rem = small(i64::try_from(rem).unwrap_or(0));
    (
        year,
        small(month),
        small(day),
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
    )
}

#[cfg(any(
    feature = "oauth1",
    feature = "digest",
    feature = "hawk",
    feature = "edgegrid"
))]
/// `count` random bytes from the operating system, as lower-case hex; `Err` when the system
/// has no randomness to give.
pub(crate) fn nonce_hex(count: usize) -> Result<String, String> {
    let mut bytes = vec![0u8; count];
    getrandom::fill(&mut bytes).map_err(|error| format!("no random nonce: {error}"))?;
    Ok(hex(&bytes))
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(any(feature = "oauth1", feature = "aws-sigv4"))]
/// RFC 3986 percent-encoding: everything but `A-Z a-z 0-9 - . _ ~` (OAuth 1 and AWS).
pub(crate) fn encode_strict(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// HMAC-SHA256 of `data` under `key`.
#[cfg(any(
    feature = "oauth1",
    feature = "aws-sigv4",
    feature = "hawk",
    feature = "edgegrid"
))]
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length: `new_from_slice` does not fail.
    match Hmac::<sha2::Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// HMAC-SHA1 of `data` under `key`.
#[cfg(any(feature = "oauth1", feature = "hawk"))]
pub(crate) fn hmac_sha1(key: &[u8], data: &[u8]) -> Vec<u8> {
    match Hmac::<sha1::Sha1>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// Standard base64 with padding.
#[cfg(any(feature = "oauth1", feature = "hawk", feature = "edgegrid"))]
pub(crate) fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(feature = "aws-sigv4")]
/// The value of `{{name}}` from the client's variables when `text` is one variable, else
/// `text` itself (a region or service the collection names by a variable).
pub(crate) fn resolve<'a>(core: &'a crate::ClientCore, text: &'a str) -> Result<&'a str, String> {
    match text
        .trim()
        .strip_prefix("{{")
        .and_then(|rest| rest.strip_suffix("}}"))
    {
        Some(name) => core.variable(name.trim()),
        None => Ok(text),
    }
}

#[cfg(all(test, feature = "aws-sigv4"))]
mod tests {
    #[test]
    fn utc_dates() {
        assert_eq!(super::utc(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(super::utc(1_440_938_160), (2015, 8, 30, 12, 36, 0));
        assert_eq!(super::utc(951_825_600), (2000, 2, 29, 12, 0, 0));
    }
}
