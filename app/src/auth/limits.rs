//! Slows down password guessing: sign-in attempts are counted per account
//! name and per client address with `governor`'s keyed limiters (GCRA: a
//! burst, then one attempt per interval). A limited attempt never reaches
//! Kazoo. The counts live in this instance's memory, so several instances
//! behind a load balancer each allow the quota (the README says so).
//! Server only.

use std::{net::IpAddr, num::NonZeroU32, time::Duration};

use governor::{
    clock::{Clock, DefaultClock},
    DefaultKeyedRateLimiter, Quota, RateLimiter,
};

/// Attempts allowed per minute (also the burst) for one account name and
/// for one client address.
#[derive(Debug, Clone, Copy)]
pub struct SignInQuota {
    pub per_account: NonZeroU32,
    pub per_address: NonZeroU32,
}

impl Default for SignInQuota {
    /// 10 a minute per account name: an admin who mistypes a few times is
    /// never slowed; 30 per address, for an office behind one NAT address.
    fn default() -> Self {
        Self {
            per_account: NonZeroU32::new(10).unwrap_or(NonZeroU32::MIN),
            per_address: NonZeroU32::new(30).unwrap_or(NonZeroU32::MIN),
        }
    }
}

/// The sign-in limiters of this instance.
pub struct SignInLimits {
    by_account: DefaultKeyedRateLimiter<String>,
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl SignInLimits {
    pub fn new(quota: SignInQuota) -> Self {
        Self {
            by_account: RateLimiter::keyed(Quota::per_minute(quota.per_account)),
            by_address: RateLimiter::keyed(Quota::per_minute(quota.per_address)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt for the account name (if any) and the address
    /// (if known).
    ///
    /// # Errors
    /// How long to wait when either is over its quota.
    pub fn check(&self, account: Option<&str>, address: Option<IpAddr>) -> Result<(), Duration> {
        let now = self.clock.now();
        if let Some(address) = address {
            self.by_address
                .check_key(&address_key(address))
                .map_err(|limited| limited.wait_time_from(now))?;
        }
        if let Some(account) = account {
            self.by_account
                .check_key(&account.trim().to_lowercase())
                .map_err(|limited| limited.wait_time_from(now))?;
        }
        Ok(())
    }

    /// Forgets keys whose quota is full again, so memory follows recent
    /// attempts only (called every minute by the server).
    pub fn forget_idle(&self) {
        self.by_account.retain_recent();
        self.by_account.shrink_to_fit();
        self.by_address.retain_recent();
        self.by_address.shrink_to_fit();
    }
}

/// One key per IPv4 address, and per /64 for IPv6 (one host usually owns
/// a whole /64, so single addresses would cost an attacker nothing).
fn address_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut octets = v6.octets();
                octets[8..].fill(0);
                IpAddr::V6(octets.into())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_account: u32, per_address: u32) -> SignInLimits {
        SignInLimits::new(SignInQuota {
            per_account: NonZeroU32::new(per_account).unwrap(),
            per_address: NonZeroU32::new(per_address).unwrap(),
        })
    }

    #[test]
    fn an_account_name_is_limited_whatever_its_case_or_spaces() {
        let limits = limits(2, 100);
        let here = Some("10.0.0.1".parse().unwrap());
        assert!(limits.check(Some("Sandbox"), here).is_ok());
        assert!(limits.check(Some(" sandbox "), here).is_ok());
        let wait = limits.check(Some("SANDBOX"), here).unwrap_err();
        assert!(wait > Duration::from_secs(1) && wait <= Duration::from_secs(30));
        assert!(limits.check(Some("other"), here).is_ok(), "per account");
    }

    #[test]
    fn an_address_is_limited_across_account_names() {
        let limits = limits(100, 2);
        let here = Some("10.0.0.1".parse().unwrap());
        assert!(limits.check(Some("a"), here).is_ok());
        assert!(limits.check(Some("b"), here).is_ok());
        assert!(limits.check(Some("c"), here).is_err());
        assert!(limits.check(None, here).is_err(), "API-key sign-ins too");
        assert!(limits
            .check(Some("d"), Some("10.0.0.2".parse().unwrap()))
            .is_ok());
    }

    #[test]
    fn ipv6_addresses_count_per_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(address_key(mapped), "10.0.0.1".parse::<IpAddr>().unwrap());
    }
}
