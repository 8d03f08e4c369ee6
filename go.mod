module github.com/beboerprojekt-nordvest/tilmeld

go 1.26.8

require (
	github.com/jmoiron/sqlx v1.4.0
	github.com/lib/pq v1.12.3
)
