terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # No backend is declared: state is local until you add one (see README.md, "State").
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.common_tags
  }
}
