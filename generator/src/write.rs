//! Writing generated files: only when the content changed, and atomically, as the text is
//! generated.

use std::fs;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `content` to `path` unless the file already holds exactly that; returns whether it wrote.
///
/// The new content goes to a temporary file in the same directory, is flushed to disk, and
/// then renamed over `path`, so a failure or a kill mid-write leaves the old file intact, and
/// an unchanged file keeps its modification time (so nothing downstream rebuilds). See
/// [`ChangedFile`] to write text that arrives in pieces.
pub fn write_if_changed(path: &Path, content: &str) -> Result<bool> {
    let io = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let mut file = ChangedFile::new(path);
    file.write_all(content.as_bytes()).map_err(io)?;
    file.finish().map_err(io)
}

/// A file that is rewritten only if what is written to it differs from what it holds, for
/// text that arrives in pieces (such as [`generate_to`](crate::generate_to)'s).
///
/// What is written is compared with the file as it arrives, and nothing is held in memory
/// but a read buffer. At the first difference, the text goes to a temporary file in the same
/// directory (the part that matched is copied from the old file first); [`ChangedFile::finish`]
/// flushes it to disk and renames it over the file. A failure, a kill or a drop without
/// `finish` leaves the old file intact and removes the temporary file; an unchanged file keeps
/// its modification time (so nothing downstream rebuilds).
///
/// ```no_run
/// let input = std::fs::read("api.postman_collection.json")?;
/// let mut file = postman_codegen::ChangedFile::new("src/api.rs");
/// let summary = postman_codegen::generate_to(
///     "api.postman_collection.json",
///     &input,
///     &postman_codegen::Options::default(),
///     &mut file,
/// )?;
/// let wrote = file.finish()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ChangedFile {
    path: PathBuf,
    /// Only compare: never write (see [`ChangedFile::check`]).
    check: bool,
    /// The old file, while what was written so far matches its beginning; `None` once there is
    /// no old file to compare with.
    old: Option<BufReader<fs::File>>,
    /// Bytes written so far that matched the old file.
    matched: u64,
    /// The temporary file, once the text differs.
    temp: Option<(PathBuf, BufWriter<fs::File>)>,
    /// The text differs from the file's (or there is no file), as far as it was written.
    differs: bool,
    /// The path is there but not a regular file (`/dev/null`, a pipe): it is written to
    /// directly, neither read nor replaced.
    special: bool,
    /// The special file, once written to.
    direct: Option<BufWriter<fs::File>>,
}

impl ChangedFile {
    /// The file at `path`, which need not exist yet. Nothing is written until the text
    /// differs from the file's. A path that is there but is not a regular file (`/dev/null`,
    /// a pipe) is written to directly, as it is.
    pub fn new(path: impl AsRef<Path>) -> Self {
        let path = path.as_ref().to_path_buf();
        let special = fs::metadata(&path).is_ok_and(|m| !m.is_file());
        let old = if special {
            None
        } else {
            fs::File::open(&path).ok().map(BufReader::new)
        };
        ChangedFile {
            differs: false,
            path,
            check: false,
            old,
            matched: 0,
            temp: None,
            special,
            direct: None,
        }
    }

    /// A comparison only: the file is never written, and [`ChangedFile::finish`] says whether
    /// it would have been (for `--check`).
    pub fn check(path: impl AsRef<Path>) -> Self {
        let mut file = ChangedFile::new(path);
        file.check = true;
        file
    }

    /// Ends the writing: renames the new text over the file if it differs (unless this is a
    /// [`check`](ChangedFile::check)); returns whether it differed.
    pub fn finish(mut self) -> io::Result<bool> {
        if !self.differs {
            // Everything matched so far; the old file must also end here.
            let longer = match self.old.as_mut() {
                Some(old) => !old.fill_buf()?.is_empty(),
                None => true,
            };
            if longer {
                self.diverge()?;
            }
        }
        if let Some(mut file) = self.direct.take() {
            file.flush()?;
        }
        if let Some((temp, file)) = self.temp.take() {
            let renamed = (|| {
                let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
                file.sync_all()?;
                drop(file);
                fs::rename(&temp, &self.path)
            })();
            if let Err(error) = renamed {
                let _ = fs::remove_file(&temp);
                return Err(error);
            }
        }
        Ok(self.differs)
    }

    /// Where the text goes once it differs: the temporary file or the special file (none for a
    /// check).
    fn output(&mut self) -> Option<&mut BufWriter<fs::File>> {
        match &mut self.temp {
            Some((_, file)) => Some(file),
            None => self.direct.as_mut(),
        }
    }

    /// The text differs from here on: start the temporary file with the part that matched.
    fn diverge(&mut self) -> io::Result<()> {
        self.differs = true;
        let old = self.old.take();
        if self.check || self.temp.is_some() || self.direct.is_some() {
            return Ok(());
        }
        if self.special {
            let file = fs::OpenOptions::new().write(true).open(&self.path)?;
            self.direct = Some(BufWriter::new(file));
            return Ok(());
        }
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "generated".to_owned());
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = fs::File::create(&temp)?;
        // Kept before anything else can fail, so that a drop removes it.
        self.temp = Some((temp, BufWriter::new(file)));
        if let (Some(old), Some((_, writer))) = (old, self.temp.as_mut()) {
            if self.matched > 0 {
                let mut reader = old.into_inner();
                reader.rewind()?;
                let copied = io::copy(&mut reader.take(self.matched), writer)?;
                if copied != self.matched {
                    return Err(io::Error::other(format!(
                        "{} changed while it was being compared",
                        self.path.display()
                    )));
                }
            }
        }
        Ok(())
    }
}

impl Write for ChangedFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if !self.differs {
            if let Some(old) = self.old.as_mut() {
                let mut rest = buf;
                while !rest.is_empty() {
                    let available = old.fill_buf()?;
                    let n = available.len().min(rest.len());
                    if n == 0 || available.get(..n) != rest.get(..n) {
                        break;
                    }
                    old.consume(n);
                    rest = rest.get(n..).unwrap_or_default();
                }
                if rest.is_empty() {
                    self.matched += buf.len() as u64;
                    return Ok(());
                }
            }
            // Everything of `buf` goes to the new file, after what matched before it.
            self.diverge()?;
        }
        match self.output() {
            Some(file) => file.write_all(buf),
            None => Ok(()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.output() {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for ChangedFile {
    fn drop(&mut self) {
        if let Some((temp, _)) = self.temp.take() {
            let _ = fs::remove_file(temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pcg-write-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Writes `pieces` to `path`; whether it differed.
    fn put(path: &Path, pieces: &[&str]) -> bool {
        let mut file = ChangedFile::new(path);
        for piece in pieces {
            file.write_all(piece.as_bytes()).unwrap();
        }
        file.finish().unwrap()
    }

    /// Every way the new text can differ from the old one (new file, longer, shorter, a
    /// change at the start, middle or end, across pieces) gives exactly the new text; the same
    /// text leaves the file alone. Old files larger than the read buffer included.
    #[test]
    fn the_file_ends_up_holding_the_text_written() {
        let dir = scratch("cases");
        let path = dir.join("out.rs");
        let big = "0123456789abcdef".repeat(2_000);
        let texts = [
            String::new(),
            "a".to_owned(),
            "hello world\n".to_owned(),
            "hello world\nmore\n".to_owned(),
            "hello\n".to_owned(),
            "jello world\n".to_owned(),
            big.clone(),
            format!("{big}x"),
            format!("{}y{}", &big[..20_000], &big[20_001..]),
            big[..17_000].to_owned(),
        ];
        for old in &texts {
            for new in &texts {
                let _ = fs::remove_file(&path);
                if !old.is_empty() || old == new {
                    fs::write(&path, old).unwrap();
                }
                let existed = path.exists();
                // In pieces of 7 bytes (a piece can straddle the difference).
                let pieces: Vec<&str> = new
                    .as_bytes()
                    .chunks(7)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect();
                let differed = put(&path, &pieces);
                assert_eq!(
                    differed,
                    !existed || old != new,
                    "{} -> {}",
                    old.len(),
                    new.len()
                );
                assert_eq!(fs::read_to_string(&path).unwrap(), *new);
                assert_eq!(entries(&dir), ["out.rs"], "no temporary file is left");
            }
        }
    }

    #[test]
    fn an_unchanged_file_is_not_touched_and_a_check_writes_nothing() {
        let dir = scratch("untouched");
        let path = dir.join("out.rs");
        fs::write(&path, "same\n").unwrap();
        let mut perms = fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        fs::set_permissions(&path, perms.clone()).unwrap();
        let before = fs::metadata(&path).unwrap().modified().unwrap();
        assert!(!put(&path, &["sa", "me\n"]));
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        fs::set_permissions(&path, perms).unwrap();

        let mut check = ChangedFile::check(&path);
        check.write_all(b"different\n").unwrap();
        assert!(check.finish().unwrap());
        let mut check = ChangedFile::check(dir.join("missing.rs"));
        check.write_all(b"x").unwrap();
        assert!(check.finish().unwrap());
        let mut check = ChangedFile::check(&path);
        check.write_all(b"same\n").unwrap();
        assert!(!check.finish().unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "same\n");
        assert_eq!(entries(&dir), ["out.rs"]);
    }

    /// A writing abandoned halfway (an error in the generator) leaves the old file as it was
    /// and no temporary file.
    #[test]
    fn a_dropped_file_keeps_the_old_text() {
        let dir = scratch("dropped");
        let path = dir.join("out.rs");
        fs::write(&path, "old text\n").unwrap();
        let mut file = ChangedFile::new(&path);
        file.write_all(b"new text, half").unwrap();
        drop(file);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old text\n");
        assert_eq!(entries(&dir), ["out.rs"]);
        assert!(write_if_changed(&path, "new\n").unwrap());
        assert!(!write_if_changed(&path, "new\n").unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
    }

    /// A special file (here a named pipe, as `/dev/null` is a device) is written to as it is:
    /// never read, replaced or removed.
    #[cfg(unix)]
    #[test]
    fn a_special_file_is_written_to_directly() {
        use std::os::unix::fs::FileTypeExt;
        let dir = scratch("special");
        let fifo = dir.join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let is_fifo = |p: &Path| fs::metadata(p).unwrap().file_type().is_fifo();
        for finish in [true, false] {
            // On a thread, so that a writer that blocks on the pipe fails the test instead of
            // hanging it.
            let (done, outcome) = std::sync::mpsc::channel();
            let path = fifo.clone();
            std::thread::spawn(move || {
                let reader = {
                    let path = path.clone();
                    std::thread::spawn(move || fs::read(path).unwrap())
                };
                let mut file = ChangedFile::new(&path);
                file.write_all(b"first ").unwrap();
                file.write_all(b"second").unwrap();
                if finish {
                    assert!(file.finish().unwrap());
                } else {
                    file.flush().unwrap();
                    drop(file);
                }
                // Checked first: replaced, the pipe would never see a writer.
                let kept = is_fifo(&path);
                let read = kept.then(|| reader.join().unwrap());
                let _ = done.send((kept, read));
            });
            let (kept, read) = outcome
                .recv_timeout(std::time::Duration::from_secs(30))
                .expect("writing to the pipe blocked (was it opened for reading?)");
            assert!(kept, "the pipe is still a pipe");
            assert_eq!(read.as_deref(), Some(&b"first second"[..]));
        }
        assert_eq!(entries(&dir), ["pipe"]);
        // A directory is refused, not replaced.
        let mut file = ChangedFile::new(&dir);
        assert!(file.write_all(b"text").is_err());
        drop(file);
        assert!(dir.is_dir());
    }
}
