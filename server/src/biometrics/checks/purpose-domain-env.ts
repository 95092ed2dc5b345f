// Check 8: every capture comes from an authentication device (`purpose` Auth), for this server
// (`domainUri` on the allow-list, by default the issuer) and from an accepted environment, and
// all captures of one submission agree on domainUri and env.
import { domainIssue, envIssue, purposeIssue } from '@signet-kiosk/shared/sbi';
import { bioFailure, nth, type CheckContext, type SignedCapture } from './check-context.js';

const AUTH = ['Auth'];

/** Throws bio_purpose_mismatch, bio_domain_mismatch or bio_env_mismatch. */
export function checkPurposeDomainEnv(captures: SignedCapture[], ctx: Pick<CheckContext, 'policy'>): void {
  const { domainUris, envs } = ctx.policy;
  const first = captures[0]!.data;
  for (const { index, data } of captures) {
    if (purposeIssue(data.purpose, AUTH))
      throw bioFailure(
        'bio_purpose_mismatch',
        `${nth(index)} has purpose ${JSON.stringify(data.purpose)}; authentication needs Auth.`,
      );
    if (domainIssue(data.domainUri, domainUris)) {
      throw bioFailure(
        'bio_domain_mismatch',
        `${nth(index)} was captured for ${JSON.stringify(data.domainUri.slice(0, 200))}; this server accepts ${domainUris.join(', ')}.`,
      );
    }
    if (envIssue(data.env, envs)) {
      throw bioFailure(
        'bio_env_mismatch',
        `${nth(index)} comes from a device registered in ${JSON.stringify(data.env)}; this server accepts ${envs.join(', ')}.`,
      );
    }
    if (data.domainUri !== first.domainUri)
      throw bioFailure('bio_domain_mismatch', `${nth(index)} names another domainUri than capture 1.`);
    if (data.env !== first.env)
      throw bioFailure('bio_env_mismatch', `${nth(index)} comes from another environment than capture 1.`);
  }
}
