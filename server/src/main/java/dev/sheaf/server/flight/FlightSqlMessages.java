package dev.sheaf.server.flight;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sheaf.spi.error.ErrorCode;
import dev.sheaf.spi.error.SheafException;
import org.apache.arrow.flight.sql.impl.FlightSql;

/**
 * Checks that the bytes of a ticket or command are a Flight SQL message before Arrow's dispatch
 * reads them, so that a malformed request gets Sheaf's error code and an actionable message.
 */
final class FlightSqlMessages {
  private static final String TYPE_PREFIX = "type.googleapis.com/arrow.flight.protocol.sql.";

  private FlightSqlMessages() {}

  /** Throws INVALID_ARGUMENT unless {@code bytes} is a packed Flight SQL message. */
  static void require(byte[] bytes, String what) {
    String type;
    try {
      type = Any.parseFrom(bytes).getTypeUrl();
    } catch (InvalidProtocolBufferException e) {
      type = "";
    }
    if (!type.startsWith(TYPE_PREFIX) || !readable(bytes, type.substring(TYPE_PREFIX.length()))) {
      throw SheafException.of(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot read the %s: it is not a Flight SQL message (send a Flight SQL command, or use"
              + " a ticket from GetFlightInfo)",
          what);
    }
  }

  /** Whether the packed message names a Flight SQL message type and its bytes parse as one. */
  private static boolean readable(byte[] bytes, String name) {
    Descriptors.Descriptor descriptor = FlightSql.getDescriptor().findMessageTypeByName(name);
    if (descriptor == null) {
      return false;
    }
    try {
      DynamicMessage.parseFrom(descriptor, Any.parseFrom(bytes).getValue());
      return true;
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }
}
