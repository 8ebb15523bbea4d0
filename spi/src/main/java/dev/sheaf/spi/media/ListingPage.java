package dev.sheaf.spi.media;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param nextPageToken where the next page starts, or null after the last page
 */
public record ListingPage(List<BlobInfo> entries, String nextPageToken) {
  public ListingPage {
    entries = List.copyOf(requireNonNull(entries, "entries is null"));
  }
}
