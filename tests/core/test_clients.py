"""The client's address behind the documented proxy, and spoofing without one."""

import ipaddress

import pytest
from django.core.exceptions import ImproperlyConfigured

from matpunkt.core.clients import client_address, client_device
from matpunkt.env import env_networks

LOOPBACK = (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("::1/128"))


@pytest.fixture
def behind_nginx(settings):
    """The default: the documented nginx on the same machine."""
    settings.MATPUNKT_TRUSTED_PROXIES = LOOPBACK


def test_without_a_proxy_a_spoofed_forwarded_for_changes_nothing(rf, behind_nginx):
    request = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert client_address(request) == "203.0.113.5"


def test_behind_nginx_the_address_nginx_saw_is_the_client(rf, behind_nginx):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert client_address(request) == "198.51.100.7"


def test_behind_nginx_a_forwarded_for_sent_by_the_client_is_passed_over(rf, behind_nginx):
    # $proxy_add_x_forwarded_for appends the address nginx saw to what the client sent.
    request = rf.get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 127.0.0.1, 198.51.100.7"
    )

    assert client_address(request) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(rf, settings):
    settings.MATPUNKT_TRUSTED_PROXIES = env_networks("UNSET_IN_TESTS", ["127.0.0.1", "10.0.0.0/8"])
    request = rf.get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.1.2.3"
    )

    assert client_address(request) == "198.51.100.7"


def test_with_no_trusted_proxy_the_header_is_never_read(rf, settings):
    settings.MATPUNKT_TRUSTED_PROXIES = ()
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert client_address(request) == "127.0.0.1"


def test_a_forwarded_value_that_is_no_address_is_kept_as_it_came(rf, behind_nginx):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="unknown")

    assert client_address(request) == "unknown"


def test_an_ipv4_mapped_address_is_the_ipv4_address(rf, behind_nginx):
    request = rf.get("/", REMOTE_ADDR="::ffff:203.0.113.5")

    assert client_address(request) == "203.0.113.5"


def test_an_ipv6_customer_network_counts_as_one_device(rf, behind_nginx):
    def device(address):
        return client_device(rf.get("/", REMOTE_ADDR=address))

    assert device("2001:db8:1:2300::1") == "2001:db8:1:2300::/56"
    assert device("2001:db8:1:23ff:abcd::9") == "2001:db8:1:2300::/56"
    assert device("2001:db8:1:2400::1") == "2001:db8:1:2400::/56"
    assert device("203.0.113.5") == "203.0.113.5"


def test_a_malformed_proxy_setting_stops_with_a_clear_error(monkeypatch):
    monkeypatch.setenv("MATPUNKT_TRUSTED_PROXIES", "1")

    with pytest.raises(ImproperlyConfigured) as error:
        env_networks("MATPUNKT_TRUSTED_PROXIES", [])

    assert str(error.value) == (
        "MATPUNKT_TRUSTED_PROXIES lists IP addresses or networks, e.g. 127.0.0.1,::1 or "
        "10.0.0.0/8; '1' is neither."
    )


def test_the_default_trusts_the_proxy_on_the_same_machine(monkeypatch):
    monkeypatch.delenv("MATPUNKT_TRUSTED_PROXIES", raising=False)

    assert env_networks("MATPUNKT_TRUSTED_PROXIES", ["127.0.0.1", "::1"]) == LOOPBACK


# Through the survey's rate limit ---------------------------------------------------------------


def test_a_spoofed_forwarded_for_without_a_proxy_gets_no_fresh_allowance(
    db, client, settings, behind_nginx, clock
):
    settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE = 2

    statuses = [
        client.get(
            "/e/ZZZZ2222", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [404, 404, 429]


def test_behind_nginx_two_clients_are_counted_apart(db, client, settings, behind_nginx, clock):
    settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE = 2

    def via_nginx(address):
        return client.get(
            "/e/ZZZZ2222", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address
        ).status_code

    statuses = [via_nginx("198.51.100.1"), via_nginx("198.51.100.1"), via_nginx("198.51.100.1")]

    assert statuses == [404, 404, 429]
    assert via_nginx("198.51.100.2") == 404
