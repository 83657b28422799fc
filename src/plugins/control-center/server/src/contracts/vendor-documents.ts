/** Where staff download a vendor's private document, on each surface (linked from the vendor detail). */
export const staffDownloadPaths = (vendor: string, document: string) => ({
  download_path: `/control-center/vendors/${vendor}/documents/${document}/download`,
  api_download_path: `/api/v1/admin/management/vendors/${vendor}/documents/${document}/download`,
});
