"""The embedded PostgreSQL of `make run` (ewg/embedded_db.py): initialised once, reached only through its socket,
adopted when a killed run left it running, started again over a stale lock, stopped."""

import signal
import subprocess

import psutil
import psycopg
import pytest

from ewg.embedded_db import DATABASE, PORT, EmbeddedPostgres

pytestmark = pytest.mark.embedded


@pytest.fixture
def server(tmp_path):
    database = EmbeddedPostgres(tmp_path / "var")
    yield database
    database.stop()


def connect(database: EmbeddedPostgres, dbname: str = DATABASE) -> psycopg.Connection:
    return psycopg.connect(host=str(database.socket_dir), port=PORT, user="postgres", dbname=dbname, autocommit=True)


def test_first_start_creates_the_database_reached_through_its_socket_only(server):
    url = server.start()
    assert url == server.url()
    with connect(server) as connection:
        assert connection.execute("SHOW listen_addresses").fetchone() == ("",)  # no TCP port at all
        assert connection.execute("SHOW server_encoding").fetchone() == ("UTF8",)
        # The extensions the migrations create.
        for extension in ("pg_trgm", "unaccent", "btree_gist"):
            connection.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
        # Sorted and upper-cased as on the production servers' C.UTF-8.
        assert connection.execute("SELECT upper('öztürk'), 'Z' < 'Ä'").fetchone() == ("ÖZTÜRK", True)
    assert oct(server.socket_dir.stat().st_mode & 0o777) == "0o700"


def test_the_url_is_what_the_settings_read(server):
    import environ

    config = environ.Env.db_url_config(server.url())
    assert (config["HOST"], config["NAME"], config["USER"]) == (str(server.socket_dir), DATABASE, "postgres")


def test_stop_and_start_again_keeps_the_data(server):
    server.start()
    with connect(server) as connection:
        connection.execute("CREATE TABLE kept (value text)")
        connection.execute("INSERT INTO kept VALUES ('Amal Haddad')")
    server.stop()
    assert server.running_pid() is None
    assert not (server.data_dir / "postmaster.pid").exists()
    server.start()
    with connect(server) as connection:
        assert connection.execute("SELECT value FROM kept").fetchall() == [("Amal Haddad",)]


def test_a_server_left_running_by_a_killed_run_is_adopted(server):
    server.start()
    pid = server.running_pid()
    # A new launcher knows nothing of the old one: it finds the server by its data directory and uses it.
    again = EmbeddedPostgres(server.var_dir)
    again.start()
    assert again.running_pid() == pid
    again.stop()
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_a_stale_lock_whose_number_went_to_another_process_is_recovered(server):
    server.start()
    postmaster = psutil.Process(server.running_pid())
    workers = postmaster.children()
    postmaster.send_signal(signal.SIGKILL)  # the machine lost power, or the OOM killer struck
    psutil.wait_procs([postmaster, *workers], timeout=30)
    lock = server.data_dir / "postmaster.pid"
    lines = lock.read_text().splitlines()
    # By now the number belongs to a live process of the same account that is not PostgreSQL: PostgreSQL itself
    # would refuse to start ("Is another postmaster running?").
    owner = server.data_dir.stat()
    with subprocess.Popen(["sleep", "60"], user=owner.st_uid, group=owner.st_gid, extra_groups=[]) as squatter:
        try:
            lock.write_text("\n".join([str(squatter.pid), *lines[1:]]) + "\n")
            assert server.running_pid() is None
            server.start()
            assert server.running_pid() not in (None, squatter.pid)
            with connect(server) as connection:
                assert connection.execute("SELECT 1").fetchone() == (1,)
        finally:
            squatter.kill()


def test_files_without_a_cluster_are_not_overwritten(tmp_path):
    database = EmbeddedPostgres(tmp_path / "var")
    database.data_dir.mkdir(parents=True)
    (database.data_dir / "notes.txt").write_text("somebody's file")
    with pytest.raises(Exception, match="holds files but no database cluster"):
        database.start()
    assert (database.data_dir / "notes.txt").read_text() == "somebody's file"


def test_a_deep_folder_gets_a_private_socket_directory(tmp_path):
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 5) / "var"
    database = EmbeddedPostgres(deep)
    assert len(str(database.socket_dir / f".s.PGSQL.{PORT}")) < 100
    assert database.socket_dir != deep / "postgres-socket"
    try:
        database.start()
        with connect(database) as connection:
            assert connection.execute("SELECT current_database()").fetchone() == (DATABASE,)
    finally:
        database.stop()
