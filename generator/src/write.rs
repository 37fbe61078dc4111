//! Writing generated files: only when the content changed, and atomically.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `content` to `path` unless the file already holds exactly that; returns whether it wrote.
///
/// The new content goes to a temporary file in the same directory, is flushed to disk, and
/// then renamed over `path`, so a failure or a kill mid-write leaves the old file intact, and
/// an unchanged file keeps its modification time (so nothing downstream rebuilds).
pub fn write_if_changed(path: &Path, content: &str) -> Result<bool> {
    if fs::read(path).is_ok_and(|old| old == content.as_bytes()) {
        return Ok(false);
    }
    let io = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated".to_owned());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(content.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if let Err(source) = result {
        let _ = fs::remove_file(&temp);
        return Err(io(source));
    }
    Ok(true)
}
