package io.callbridge.sms;

import java.util.List;

/** One page of message history, newest first; {@code nextCursor} (null on the last page) fetches the next. */
public record SmsPage(List<SmsView> messages, String nextCursor) {
}
