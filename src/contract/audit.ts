import type { OpenAPIV3 } from 'openapi-types';
import type { JsonSchema } from './derive';
import type { SpecFinding } from './findings';
import { isJsonMediaType } from './exchange';
import type { OperationContract } from './operation-contract';
import { joinPointer } from './pointers';
import { objectShape, pointerOf, primaryType } from './shape';

/**
 * Findings about the operation as a whole: places where the spec is silent or loose in ways that
 * decide what the suite may test. Each says what the suite does about it.
 */
export function auditOperation(
  contract: OperationContract,
  operation: OpenAPIV3.OperationObject,
  pointer: string,
): SpecFinding[] {
  const findings: SpecFinding[] = [];
  if (!operation.operationId) {
    findings.push({
      id: 'operation-without-operation-id',
      severity: 'note',
      pointer,
      title: 'Operation has no operationId',
      detail:
        'Tools that key on operationId (SDK generators, Portman, Schemathesis filters) fall back to guesses.',
      handling: `The suite names it "${contract.id}".`,
    });
  }

  const request = contract.requestBody?.content.find((media) => isJsonMediaType(media.mediaType));
  if (request) {
    const shape = objectShape(request.schema);
    for (const [name, property] of shape.properties) {
      if (primaryType(property) !== 'string') continue;
      const at = pointerOf(property);
      const pattern = typeof property.pattern === 'string' ? new RegExp(property.pattern, 'u') : undefined;
      if (property.maxLength === undefined && property.format === undefined) {
        findings.push({
          id: 'string-without-max-length',
          severity: 'note',
          pointer: at,
          title: `\`${name}\` has no maxLength`,
          detail: 'Any length is valid by the spec, though a tenant surely stores a bounded column.',
          handling: 'The suite sends no over-long values for it: none would be invalid under every reading.',
        });
      }
      if (shape.required.has(name) && property.minLength === undefined && (!pattern || pattern.test(''))) {
        findings.push({
          id: 'required-string-may-be-empty',
          severity: 'ambiguity',
          pointer: at,
          title: `\`${name}\` is required but may be empty`,
          detail:
            'Without minLength an empty string is valid by the spec, while frameworks such as Laravel treat ' +
            '"" as missing for a required field.',
          handling:
            'The suite sends no empty value for it, in either direction: the spec and common practice disagree.',
        });
      }
    }
  }

  if (request) findings.push(...emailLengthFindings(request.schema, 'body'));

  const documented = new Set(contract.responses.map((response) => response.status));
  const unauthorized = contract.responses.find((response) => response.status === '401');
  if (unauthorized && !documented.has('403') && /permission/i.test(unauthorized.description)) {
    findings.push({
      id: 'permission-denied-as-401',
      severity: 'note',
      pointer: unauthorized.pointer,
      title: 'Missing permission is documented as 401, and no 403 exists',
      detail:
        'HTTP reserves 401 for missing or invalid credentials and 403 for a known caller without rights.',
      handling: 'The suite follows the spec: a valid key without the permission must get 401, and 403 fails.',
    });
  }
  if (documented.has('400') && !documented.has('415')) {
    findings.push({
      id: 'no-415-documented',
      severity: 'note',
      pointer: joinPointer(pointer, 'responses'),
      title: 'No 415 documented for a body that is not JSON',
      detail:
        'The only documented answer to an unacceptable body is 400 ("Invalid request parameters or body").',
      handling:
        'The suite expects 400 for malformed JSON and non-object bodies; for a body under another media type ' +
        '(outside the contract) 400 or 415 (RFC 9110 §15.5.16, any body), and accepting it is a warning.',
    });
  }
  return findings;
}

/**
 * Emails anywhere in the request body whose maxLength passes RFC 5321's 254 for a whole address: the spec
 * and the RFC disagree above 254, and validator.js and Joi side with the RFC.
 */
function emailLengthFindings(schema: JsonSchema, name: string): SpecFinding[] {
  const findings: SpecFinding[] = [];
  const visit = (node: JsonSchema, at: string): void => {
    if (node.format === 'email' && typeof node.maxLength === 'number' && node.maxLength > 254) {
      findings.push({
        id: 'email-max-length-beyond-rfc',
        severity: 'ambiguity',
        pointer: joinPointer(pointerOf(node), 'maxLength'),
        title: `\`${at}\` allows ${node.maxLength} characters, RFC 5321 only 254`,
        detail:
          'RFC 5321 limits a path to 256 octets with its angle brackets, so a mailbox to 254; validator.js and Joi ' +
          '(so class-validator, express-validator) reject 255. The parts have their own limits (local part 64, ' +
          'each domain label 63).',
        handling:
          'The accepted boundary case is a 254-character address (RFC 5321 as a whole, within maxLength); ' +
          `nothing is asserted above 254 up to maxLength (${node.maxLength}), where the spec and the RFC disagree; ` +
          `${node.maxLength + 1} characters must be rejected.`,
      });
    }
    for (const [property, child] of objectShape(node).properties) visit(child, `${at}.${property}`);
    if (node.items && typeof node.items === 'object') visit(node.items as JsonSchema, `${at}[]`);
  };
  visit(schema, name);
  return findings;
}
