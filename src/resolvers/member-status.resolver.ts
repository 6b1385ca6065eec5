import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import type { GraphQLContext } from "../graphql/context.js";
import { clientError, unauthenticated } from "../graphql/errors.js";
import type { MemberStatusFeedItem } from "../graphql/member-status-feed.js";
import { checkMemberGuid } from "./input-checks.js";
import { MemberStatusType } from "../schema/member-status.type.js";
import type { MemberStatusView } from "../domain/member-status-rules.js";

/**
 * No ownership pre-read: the shared loop for (viewer, member) polls under the
 * viewer's own user path, so another user's member answers 404 upstream and the
 * subscription gets NOT_FOUND without a second call per subscriber.
 */
function subscribeToMemberStatus({
  args,
  context,
}: SubscribeResolverData<
  unknown,
  { memberGuid: string },
  GraphQLContext
>): AsyncIterable<MemberStatusFeedItem> {
  if (!context.viewer) throw unauthenticated();
  const memberGuid = checkMemberGuid(args.memberGuid);
  return context.statusFeed.subscribe(context.viewer.userGuid, memberGuid);
}

@Resolver()
export class MemberStatusResolver {
  @Subscription(() => MemberStatusType, {
    description:
      "Pushes the member's status now and on every change, from one shared server-side poller per member.",
    subscribe: subscribeToMemberStatus,
  })
  memberStatus(
    @Root() item: MemberStatusFeedItem,
    @Arg("memberGuid", () => ID) _memberGuid: string,
  ): MemberStatusView {
    if (item.kind === "error") {
      const extra = item.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: item.retryAfterSeconds };
      throw clientError(item.code, item.message, extra);
    }
    return item.status;
  }
}
