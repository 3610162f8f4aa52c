import type { Detector } from "../../detector";
import { EMAIL_DETECTOR } from "./email";
import { IBAN_DETECTOR } from "./iban";
import { IP_ADDRESS_DETECTOR } from "./ip-address";
import { BR_CPF_DETECTOR } from "./national-ids/br-cpf";
import { CN_RESIDENT_ID_DETECTOR } from "./national-ids/cn-resident-id";
import { ES_DNI_NIE_DETECTOR } from "./national-ids/es-dni-nie";
import { FR_NIR_DETECTOR } from "./national-ids/fr-nir";
import { IN_AADHAAR_DETECTOR } from "./national-ids/in-aadhaar";
import { NL_BSN_DETECTOR } from "./national-ids/nl-bsn";
import { UK_NINO_DETECTOR } from "./national-ids/uk-nino";
import { PAYMENT_CARD_DETECTOR } from "./payment-card";
import { phoneDetector } from "./phone";
import { US_SSN_DETECTOR } from "./us-ssn";

/** The phone detector depends on the policy's default region, so the list is built per inspector. */
export function piiDetectors(phoneDefaultCountry: string): Detector[] {
  return [
    EMAIL_DETECTOR,
    phoneDetector(phoneDefaultCountry),
    PAYMENT_CARD_DETECTOR,
    IBAN_DETECTOR,
    US_SSN_DETECTOR,
    IP_ADDRESS_DETECTOR,
    UK_NINO_DETECTOR,
    ES_DNI_NIE_DETECTOR,
    NL_BSN_DETECTOR,
    FR_NIR_DETECTOR,
    IN_AADHAAR_DETECTOR,
    BR_CPF_DETECTOR,
    CN_RESIDENT_ID_DETECTOR,
  ];
}
