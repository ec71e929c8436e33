//! Files and streams the program writes, so that nothing a user owns is lost: a file is written
//! whole or not at all (beside its place, then renamed in), never over one of the inputs (by
//! any name: a link, a hard link), through a link to the file it names (the link stays), and
//! into the process's own streams when it names one (`/dev/stdout`); a failed write is an error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Writes to standard output. A closed pipe (`| head`) is the reader's choice and not an
/// error; any other failure (a full disk, a closed stream) is said on stderr and makes the
/// exit status 1, so no output is lost without a word.
pub fn print(text: &str) -> Result<(), ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => {
            eprintln!("error: cannot write to standard output: {error}");
            Err(ExitCode::FAILURE)
        }
    }
}

/// Whether `output` may be written, checked before any simulation runs: not one of the
/// `inputs`, not a folder, and a file can be made where it would go (its folder exists and
/// takes files).
pub fn writable_output(output: &Path, inputs: &[&PathBuf]) -> Result<(), String> {
    not_an_input(output, inputs)?;
    if own_stream(output).is_some() || in_place(output) {
        return Ok(());
    }
    let target = follow_links(output);
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(format!("the folder {} does not exist", folder.display()));
    }
    let probe = temporary_beside(&target);
    std::fs::File::create(&probe)
        .map_err(|e| format!("cannot write in the folder {}: {e}", folder.display()))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Whether `output` is neither one of the `inputs` (by any of its names) nor a folder.
pub fn not_an_input(output: &Path, inputs: &[&PathBuf]) -> Result<(), String> {
    if inputs.iter().any(|input| same_file(output, input)) {
        return Err("is the scenario it would be written from; choose another file".into());
    }
    if output.is_dir() || output.as_os_str().to_string_lossy().ends_with('/') {
        return Err("is a folder".into());
    }
    Ok(())
}

/// Whether two paths name one file: the same path once links are followed, or (a hard link)
/// the same file on the same device.
fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(a), Ok(b)) = (a.canonicalize(), b.canonicalize())
        && a == b
    {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    false
}

/// The file a path names once symbolic links are followed (it need not exist yet).
fn follow_links(path: &Path) -> PathBuf {
    let mut here = path.to_path_buf();
    // As many links as the system itself follows before it gives up.
    for _ in 0..40 {
        match std::fs::read_link(&here) {
            Ok(next) if next.is_absolute() => here = next,
            Ok(next) => here = here.parent().unwrap_or(Path::new(".")).join(next),
            Err(_) => return here,
        }
    }
    here
}

/// The process's own stream a path names (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/2`), as a
/// file sharing it: reopening it instead would write from its start, over what is already there.
fn own_stream(path: &Path) -> Option<std::fs::File> {
    let mut here = path.to_path_buf();
    for _ in 0..8 {
        let text = here.to_string_lossy().into_owned();
        let fd = match text.as_str() {
            "/dev/stdout" => Some(1),
            "/dev/stderr" => Some(2),
            _ => text
                .strip_prefix("/dev/fd/")
                .or_else(|| text.strip_prefix("/proc/self/fd/"))
                .and_then(|n| n.parse::<u32>().ok()),
        };
        if let Some(fd) = fd {
            return shared(fd);
        }
        let next = std::fs::read_link(&here).ok()?;
        here = if next.is_absolute() {
            next
        } else {
            here.parent().unwrap_or(Path::new(".")).join(next)
        };
    }
    None
}

#[cfg(unix)]
fn shared(fd: u32) -> Option<std::fs::File> {
    use std::os::fd::AsFd;
    let owned = match fd {
        1 => std::io::stdout().as_fd().try_clone_to_owned(),
        2 => std::io::stderr().as_fd().try_clone_to_owned(),
        _ => return None,
    };
    owned.ok().map(std::fs::File::from)
}

#[cfg(not(unix))]
fn shared(_fd: u32) -> Option<std::fs::File> {
    None
}

/// Whether a path is written where it is: a device, a FIFO, anything under `/dev` or `/proc`.
/// Renaming a file over one of those would replace it.
fn in_place(path: &Path) -> bool {
    let target = follow_links(path);
    let special = [path, target.as_path()]
        .iter()
        .any(|p| p.starts_with("/dev") || p.starts_with("/proc"));
    special || std::fs::metadata(&target).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// The hidden file beside `path` that a write goes to first.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

/// Writes a file whole or not at all: into a temporary file beside it, flushed and synced (so
/// a full disk is an error, not a short file), then renamed over it; on failure the temporary
/// file is removed and the file left as it was. Through a symbolic link the file it names is
/// written and the link kept. One of the process's own streams, a device or a FIFO is written
/// in place, its flush checked.
pub fn write_whole(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let in_place_file = match own_stream(path) {
        Some(stream) => Some(stream),
        None if in_place(path) => Some(std::fs::OpenOptions::new().append(true).open(path)?),
        None => None,
    };
    if let Some(file) = in_place_file {
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        return out
            .into_inner()
            .map(drop)
            .map_err(std::io::IntoInnerError::into_error);
    }
    let target = follow_links(path);
    let temporary = temporary_beside(&target);
    let result = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
        write(&mut out)?;
        let file = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()?;
        std::fs::rename(&temporary, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
