//! `truce serve` as a process: it prints where it listens, answers over a real socket, stops
//! cleanly on SIGTERM (a running game's event stream ends with `cancelled`), and refuses bad
//! flags with the documented exit codes. Loopback only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn truce() -> Command {
    Command::new(env!("CARGO_BIN_EXE_truce"))
}

fn start(extra: &[&str]) -> (Child, String) {
    let mut child = truce()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (child, addr)
}

fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap();
    (status, text)
}

fn wait(child: &mut Child, max: Duration) -> i32 {
    let t = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s.code().unwrap_or(-1);
        }
        if t.elapsed() > max {
            child.kill().unwrap();
            panic!("truce serve did not stop within {max:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serves_the_page_and_stops_cleanly_on_sigterm_cancelling_a_running_game() {
    let (mut child, addr) = start(&[]);
    let (status, page) = http_get(&addr, "/");
    assert_eq!(status, 200);
    assert!(page.contains("<title>truce"));
    let (status, meta) = http_get(&addr, "/api/v1/meta");
    assert_eq!(status, 200);
    assert!(meta.contains("\"schema_version\":\"1\""));
    // Raw bytes no URL may hold: the HTTP parser answers 400 and the server keeps serving.
    let mut s = TcpStream::connect(&addr).unwrap();
    s.write_all(b"GET /api/v1/\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    assert!(
        raw.starts_with(b"HTTP/1.1 400"),
        "{}",
        String::from_utf8_lossy(&raw)
    );
    let (status, _) = http_get(&addr, "/api/v1/sliders?us=%FF");
    assert_eq!(status, 400);
    assert_eq!(http_get(&addr, "/api/v1/health").0, 200);
    // A long game, streaming.
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "GET /api/v1/talks/events?instruments=sector HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut seen = String::new();
    while !seen.contains("event: ") {
        let mut l = String::new();
        assert!(
            reader.read_line(&mut l).unwrap() > 0,
            "stream closed: {seen}"
        );
        seen.push_str(&l);
    }
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    // SIGTERM: the game is cancelled, its stream says so and ends, the process exits 0.
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let mut rest = String::new();
    let _ = reader.read_to_string(&mut rest);
    assert!(
        rest.contains("event: cancelled") || rest.contains("event: result"),
        "{rest}"
    );
    assert_eq!(wait(&mut child, Duration::from_secs(15)), 0);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(err.contains("stopped"), "{err}");
}

#[test]
fn bad_flags_and_datasets_exit_with_the_documented_codes() {
    let out = truce()
        .args(["serve", "--addr", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = truce()
        .args(["serve", "--addr", "127.0.0.1:0", "--dataset", "world2042"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("world2042") && err.contains("world2024"),
        "{err}"
    );
    let out = truce()
        .args(["serve", "--addr", "127.0.0.1:0", "--solve-timeout=-1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--solve-timeout"));
    // An address in use.
    let (mut child, addr) = start(&[]);
    let out = truce().args(["serve", "--addr", &addr]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("cannot listen on"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    child.kill().unwrap();
    let _ = child.wait();
}
