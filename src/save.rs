//! Files gilscope saves (recordings, traces, snapshots) are written whole or not at all:
//! the new content goes to a temporary file in the same folder, which replaces the old file
//! only once it is complete and on disk. A full disk, a failed render or a killed process
//! leaves the old file as it was.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes `path` with what `fill` writes, replacing the old file only if `fill` and the
/// flush succeed. A path that exists and is not a regular file (`/dev/null`, a FIFO, a
/// terminal) is written in place: there is nothing to keep and nowhere to rename to. A
/// symbolic link is followed, so the file it points to is replaced, not the link.
pub fn write_file<T>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> io::Result<T>,
) -> io::Result<T> {
    let old = fs::metadata(path).ok();
    if old.as_ref().is_some_and(|m| !m.is_file()) {
        let mut out = BufWriter::new(fs::OpenOptions::new().write(true).open(path)?);
        let value = fill(&mut out)?;
        out.flush()?;
        return Ok(value);
    }
    let target = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gilscope-").suffix(".part");
    // The same mode as `File::create` gives (0666 less the umask), or the old file's.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(&dir)?;
    if let Some(m) = &old {
        temp.as_file().set_permissions(m.permissions())?;
    }
    let (file, temp_path) = temp.into_parts();
    let mut out = BufWriter::new(file);
    // `temp_path` removes the unfinished file when this returns early.
    let value = fill(&mut out)?;
    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()?;
    temp_path.persist(&target).map_err(|e| e.error)?;
    Ok(value)
}

/// Writes `bytes` to `path` whole or not at all (see [`write_file`]).
pub fn write_bytes(path: &Path, bytes: impl AsRef<[u8]>) -> io::Result<()> {
    write_file(path, |out| out.write_all(bytes.as_ref()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("gilscope-save-{name}-{}", std::process::id()));
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

    #[test]
    fn a_write_that_fails_half_way_leaves_the_old_file_whole_and_no_temporary() {
        let dir = folder("fail");
        let path = dir.join("trace.json");
        fs::write(&path, "the old trace\n").unwrap();
        let failed = write_file(&path, |out| {
            out.write_all(&[b'x'; 100_000])?;
            out.flush()?;
            Err::<(), _>(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        });
        assert_eq!(failed.unwrap_err().kind(), io::ErrorKind::StorageFull);
        assert_eq!(fs::read_to_string(&path).unwrap(), "the old trace\n");
        assert_eq!(entries(&dir), ["trace.json"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_complete_write_replaces_the_file_and_keeps_its_mode() {
        let dir = folder("ok");
        let path = dir.join("out.cast");
        fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_bytes(&path, "new content").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new content");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert_eq!(entries(&dir), ["out.cast"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_link_is_followed_and_a_device_written_in_place() {
        let dir = folder("link");
        let real = dir.join("real.json");
        fs::write(&real, "old").unwrap();
        #[cfg(unix)]
        {
            let link = dir.join("link.json");
            std::os::unix::fs::symlink(&real, &link).unwrap();
            write_bytes(&link, "through the link").unwrap();
            assert!(
                fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(fs::read_to_string(&real).unwrap(), "through the link");
            write_bytes(Path::new("/dev/null"), "discarded").unwrap();
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
