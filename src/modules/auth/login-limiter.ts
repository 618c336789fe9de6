// Sign-in attempts, limited per user name and per client address (rate-limiter-flexible, in memory: each
// server process counts its own). Failures count; a success clears the user name's count.
import { GraphQLError } from "graphql";
import { RateLimiterMemory, type RateLimiterRes } from "rate-limiter-flexible";
import { ErrorCode } from "../../shared/errors";

const WINDOW_SECONDS = 15 * 60;
/** Failed attempts per user name, then per address, in a window, before attempts are refused for a window. */
const LOGIN_FAILURES_PER_USER = 5;
const LOGIN_FAILURES_PER_ADDRESS = 20;

function tooMany(res: RateLimiterRes, what: string): GraphQLError {
  const seconds = Math.ceil(res.msBeforeNext / 1000);
  return new GraphQLError(`Too many failed sign-ins for ${what}: try again in ${seconds} s`, {
    extensions: { code: ErrorCode.TOO_MANY_REQUESTS, retryAfterSeconds: seconds },
  });
}

export class LoginLimiter {
  private readonly byUser = new RateLimiterMemory({
    keyPrefix: "user",
    points: LOGIN_FAILURES_PER_USER,
    duration: WINDOW_SECONDS,
    blockDuration: WINDOW_SECONDS,
  });
  private readonly byAddress = new RateLimiterMemory({
    keyPrefix: "address",
    points: LOGIN_FAILURES_PER_ADDRESS,
    duration: WINDOW_SECONDS,
    blockDuration: WINDOW_SECONDS,
  });

  /** TOO_MANY_REQUESTS if this user name or this address has failed too often lately. */
  async check(username: string, address: string): Promise<void> {
    const [user, from] = await Promise.all([this.byUser.get(username), this.byAddress.get(address)]);
    if (user && user.consumedPoints >= LOGIN_FAILURES_PER_USER) throw tooMany(user, `user '${username}'`);
    if (from && from.consumedPoints >= LOGIN_FAILURES_PER_ADDRESS) throw tooMany(from, `address ${address}`);
  }

  async failed(username: string, address: string): Promise<void> {
    // consume rejects once the points are spent: the count is what matters, not the rejection
    await Promise.allSettled([this.byUser.consume(username), this.byAddress.consume(address)]);
  }

  async succeeded(username: string): Promise<void> {
    await this.byUser.delete(username);
  }
}
