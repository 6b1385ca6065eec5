/** The operations the gateway comparison sends to every gateway. */
export const NESTED_QUERY = `query Member($guid: ID!) {
  member(guid: $guid) {
    guid name connectionStatus
    accounts { guid name balance owners { ownerName email } accountNumbers { accountNumber routingNumber } }
  }
}`;
export const LIST_QUERY = `query Members { members { guid name connectionStatus accounts { guid name balance } } }`;
