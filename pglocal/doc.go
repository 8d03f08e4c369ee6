// Package pglocal starts and stops a private PostgreSQL server kept in a
// folder of the project (by default ./data/postgres), so that a developer or
// CI machine without a database can still run Tilmeld and its tests.
//
// The server listens on 127.0.0.1 only and has no Unix socket: TCP avoids
// socket-path length limits and the permission trouble of /var/run. It uses
// trust authentication, so it must never be reachable from other hosts.
//
// PostgreSQL refuses to run as root. When the calling process is root, pglocal
// runs initdb and pg_ctl as the unprivileged "postgres" user instead and hands
// the data folder to that user.
package pglocal
