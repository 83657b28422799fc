/** An uploaded image as the API shows it: URL, alt text, size and Strapi's resized variants. */
export interface ImageFormat {
  url: string;
  width: number | null;
  height: number | null;
}

export interface ImageRow extends ImageFormat {
  alternativeText: string | null;
  formats: Record<string, ImageFormat> | null;
}

export const imageView = (image: ImageRow) => ({
  url: image.url,
  alt: image.alternativeText,
  width: image.width,
  height: image.height,
  sizes: Object.fromEntries(
    Object.entries(image.formats ?? {}).map(([name, f]) => [name, { url: f.url, width: f.width, height: f.height }])
  ),
});

export type ImageView = ReturnType<typeof imageView>;
