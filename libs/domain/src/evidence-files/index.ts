export {
  cleanEvidenceFileName,
  describeExtensions,
  EVIDENCE_EXTENSIONS,
  evidenceFileName,
  extensionOf,
  isExtensionAllowed,
  servedEvidenceName,
  textMediaTypeOf,
} from './evidence-files';
